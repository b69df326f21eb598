"""Pre-clean: what never reaches the reading text."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from claimmark.core.extract.cleanup import clean_blocks, preclean
from claimmark.core.extract.pipeline import extract_file
from claimmark.core.model.document import Block, Span
from tests.conftest import FIXTURES


def precleaned_text(page: str) -> str:
    """The text of `page` after pre-clean, white space collapsed."""
    root = html.document_fromstring(page)
    preclean(root)
    return " ".join(root.text_content().split())


def test_ruby_pronunciation_guides_do_not_split_the_words(tmp_path: Path) -> None:
    sentence = "<ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rt>じ</rt></ruby>の読み方を学ぶ人が増えています。"
    body = "".join(f"<p>{sentence}今日は{n}回目の授業です。</p>" for n in range(6))
    path = tmp_path / "ruby.html"
    path.write_text(f"<html><head><title>漢字</title></head><body><article>{body}</article></body></html>",
                    encoding="utf-8")
    text = extract_file(path).document.body_text
    assert "漢字の読み方を学ぶ人が増えています。今日は3回目の授業です。" in text
    assert "かん" not in text


def test_chinese_paragraphs_count_as_sentences_and_stay(tmp_path: Path) -> None:
    paragraphs = [f"第{n}段：市政府周二宣布，图书馆将在未来五年继续开放，预算增加十分之一。" for n in range(5)]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    path = tmp_path / "zh.html"
    path.write_text(f"<html><head><title>图书馆</title></head><body><article>{body}</article></body></html>",
                    encoding="utf-8")
    assert extract_file(path).document.body_text.split("\n") == paragraphs


def test_a_short_paragraph_loses_the_photo_credit_that_ends_it() -> None:
    prose = ("The council voted on Tuesday to keep the library open for another five years, and its "
             "budget grows by a tenth, paid for by a small rise in parking fees (Foto: Jane Doe).")
    blocks = [Block("paragraph", "The harbour at dawn. Foto: Archiv Nord"), Block("paragraph", prose)]
    assert [b.text for b in clean_blocks(blocks, "Title")] == ["The harbour at dawn.", prose]


def test_affiliate_link_disclosures_go_and_articles_about_commissions_stay() -> None:
    disclosures = [
        "This post contains links to products from our advertisers. We may receive compensation when you click.",
        "Für Links auf dieser Seite erhält die Redaktion ggf. eine Provision vom Händler.",
    ]
    article = "The European Commission published the links between the two reports on Tuesday morning."
    blocks = [Block("paragraph", text) for text in [*disclosures, article]]
    assert [b.text for b in clean_blocks(blocks, "Title")] == [article]


def test_a_short_newsletter_prompt_goes_and_a_sentence_about_one_in_an_article_stays() -> None:
    prompt = "Sie möchten wöchentliche Produktvorstellungen? Schauen Sie in unseren Newsletter!"
    article = ("The agency's weekly newsletter, read by about forty thousand farmers, first reported the "
               "drop in milk prices that the ministry confirmed on Monday after weeks of silence.")
    blocks = [Block("paragraph", prompt), Block("paragraph", article)]
    assert [b.text for b in clean_blocks(blocks, "Title")] == [article]


def test_a_players_availability_notice_goes_and_a_sentence_about_availability_stays() -> None:
    notices = ["Video verfügbar bis 28.02.2021", "Audio available until 12 March 2024, 18:00"]
    article = "The video was available until the court ordered the broadcaster to take it down in May."
    blocks = [Block("paragraph", text) for text in [*notices, article]]
    assert [b.text for b in clean_blocks(blocks, "Title")] == [article]


def test_a_nav_goes_unless_a_broken_page_nested_the_article_inside_it() -> None:
    article = "".join(f"<p>Paragraph {n} of the article tells the story of the harbour at length.</p>"
                      for n in range(8))
    menu = ('<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a>'
            f'<p>{"All the news of the region, every day, from our own reporters. " * 40}</p></li></ul></nav>')
    # an unclosed menu item swallowed the rest of the page
    broken = f'<nav><ul><li><a href="/">Home</a><li><a href="/news">News</a><article>{article}</article></nav>'
    for page, kept in ((f"<body>{menu}<article>{article}</article></body>", False),
                       (f"<body>{broken}</body>", True)):
        root = html.document_fromstring(page)
        preclean(root)
        assert "Paragraph 7 of the article" in root.text_content()
        assert (root.find(".//nav") is not None) is kept


def test_a_caption_loses_an_agency_credit_and_keeps_a_slash_of_its_own() -> None:
    captions = {
        "Protesters outside the parliament. Mike Blake/Reuters files": "Protesters outside the parliament.",
        "Traffic on the freeway near the airport (Getty/John Smith)": "Traffic on the freeway near the airport",
        "The pier at dawn. Photograph: Getty Images": "The pier at dawn.",
        "Turnout rose to 3/4 of all voters in the city.": "Turnout rose to 3/4 of all voters in the city.",
    }
    blocks = [Block("paragraph", text) for text in captions]
    assert [b.text for b in clean_blocks(blocks, "Title")] == list(captions.values())


def test_a_caption_loses_its_click_to_enlarge_instruction_and_keeps_its_links() -> None:
    caption = "Map of the network. Zum Vergrößern auf das Bild klicken. (Stand Juni 2016) CC-BY-SA 2.0"
    start = caption.index("CC-BY")
    figure = Block("figure", caption, spans=[Span(start, start + 9, "link", "https://example.org/licence")],
                   image="img1")
    (kept,) = clean_blocks([figure], "Title")
    assert kept.text == "Map of the network. (Stand Juni 2016) CC-BY-SA 2.0"
    assert [kept.text[s.start:s.end] for s in kept.spans] == ["CC-BY-SA "]
    (bare,) = clean_blocks([Block("figure", "(Click to enlarge)", image="img2")], "Title")
    assert bare.text == "" and bare.image == "img2"


def test_a_sidebar_with_prose_inside_an_article_is_a_fact_box_and_stays() -> None:
    story = "<p>The old town lies on the western shore of the lake and draws many visitors.</p>" * 4
    box = ('<div class="sidebar"><p>In 2020 the smallest town of the country counted fewer than two thousand '
           'people in its narrow streets.</p></div>')
    links = '<div class="sidebar"><p><a href="/a">Other wine towns</a> and <a href="/b">tours</a></p></div>'
    for page, kept in ((f"<body><article>{story}{box}{links}</article></body>", True),
                       (f"<body><article>{story}</article>{box}</body>", False)):
        root = html.document_fromstring(page)
        preclean(root)
        text = root.text_content()
        assert ("smallest town" in text) is kept
        assert "Other wine towns" not in text


def test_a_licence_notice_for_the_text_goes_and_a_sentence_about_a_licence_stays() -> None:
    notices = [
        "Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE.",
        "Unless otherwise noted, this work is licensed under a Creative Commons Attribution 4.0 licence.",
    ]
    article = "The photographer had published the picture under a Creative Commons licence in 2014."
    blocks = [Block("paragraph", text) for text in [*notices, article]]
    assert [b.text for b in clean_blocks(blocks, "Title")] == [article]


def test_a_press_releases_closing_contact_details_go_and_a_contact_section_with_prose_stays() -> None:
    story = Block("paragraph", "The foundation awarded this year's prize to three pupils from Hamburg.")
    details = [Block("paragraph", "Pressekontakt:"), Block("paragraph", "Stiftung Beispiel e. V."),
               Block("paragraph", "Dr. Jane Doe"), Block("paragraph", "Tel.: 040 123456-40")]
    assert clean_blocks([story, *details], "Title") == [story]
    answer = Block("paragraph", "Journalists can reach the press office on weekdays until six in the evening.")
    kept = [story, Block("heading", "Media contact", level=2), answer]
    assert clean_blocks(kept, "Title") == kept


def test_see_also_and_similar_products_lines_go_with_the_headline_they_introduce() -> None:
    story = Block("paragraph", "El Comité Central inició su IV Pleno con la presencia de 105 de sus miembros.")
    end = Block("paragraph", "Los temas económicos también concentrarán el debate de los miembros.")
    teaser = Block("paragraph", "Prepararse para dirigir a la medida de Cuba")
    lines = ["Vea también", "Ver también:", "Leia também", "Veja também", "Leggi anche", "Vedi anche",
             "Ähnliche Produkte", "Similar products", "Das könnte dir auch gefallen", "Vous aimerez aussi",
             "Ti potrebbe interessare", "Potrebbe interessarti", "También te puede gustar"]
    for line in lines:
        assert clean_blocks([story, Block("paragraph", line), teaser, end], "Title") == [story, end], line


def test_print_controls_reading_times_and_rating_counts_go_and_sentences_about_them_stay() -> None:
    story = Block("paragraph", "The committee asked how long people read the printed edition every morning.")
    lines = ["Seite drucken", "Print this article", "Estimated reading time: 6 minutes", "Lesezeit: 4 Min.",
             "5 min read", "330 Bewertungen", "12 reviews"]
    kept = [Block("paragraph", "Reading time fell to 6 minutes a day, the survey says."),
            Block("paragraph", "330 reviews were written in the first week alone.")]
    blocks = [story, *(Block("paragraph", line) for line in lines), *kept]
    assert clean_blocks(blocks, "Title") == [story, *kept]


def test_a_labelled_publication_date_goes_and_a_short_sentence_with_a_date_stays() -> None:
    datelines = ["Veröffentlichung: 2. Februar 2022", "Published 3 May 2021", "02.12.2022"]
    article = "Das Spiel beginnt am 2. Februar."
    blocks = [Block("paragraph", text) for text in [*datelines, article]]
    assert [b.text for b in clean_blocks(blocks, "Title")] == [article]


def test_a_line_that_is_only_a_date_with_its_month_named_goes() -> None:
    datelines = ["April 3, 2019", "12. Januar 2022,", "Miércoles, 04 de Mayo de 2022", "09 Oct 2018",
                 "Friday, 5th March 2021", "3 de abril de 2019"]
    kept = ["May 2019", "April 3, 2019 was the day the bridge reopened to traffic.", "Paris, 3 April 2019: talks"]
    blocks = [Block("paragraph", text) for text in [*datelines, *kept]]
    assert [b.text for b in clean_blocks(blocks, "Title")] == kept


def test_an_author_box_goes_even_when_its_class_also_names_content() -> None:
    story = "<p>The old town lies on the western shore of the lake and draws many visitors.</p>" * 4
    boxes = [
        '<section class="bmg-content-box bmg-author-box"><div class="author-box--content">'
        "<p>Hello, I am a food blogger, cookbook author and journalist, baking since childhood.</p></div></section>",
        '<div class="saboxplugin-wrap"><div class="saboxplugin-desc"><p>Jane Doe, photographer from Hamburg. '
        "I like every kind of photography.</p></div></div>",
    ]
    for box in boxes:
        text = precleaned_text(f'<body><article class="post">{story}{box}</article></body>')
        assert "western shore" in text
        assert "food blogger" not in text and "photographer" not in text
    # a content section that merely mentions its author stays
    byline = '<div class="entry-content author-note"><p>The author visited the town in May.</p></div>'
    assert "visited the town in May" in precleaned_text(f"<body><article>{story}{byline}</article></body>")


def test_a_flyout_or_popover_goes_with_its_prompt() -> None:
    story = "<p>The old town lies on the western shore of the lake and draws many visitors.</p>" * 4
    for name in ("c-flyout js-flyout", "popover"):
        text = precleaned_text(
            f'<body><article>{story}<div class="{name}"><p>Every small donation helps!</p></div></article></body>'
        )
        assert "donation" not in text
        assert "western shore" in text


def test_the_title_repeated_under_a_date_goes_and_a_heading_that_extends_it_stays() -> None:
    title = "MineralölINFO November 2021 (Mineralölabsatz)"
    story = Block("paragraph", "Der Absatz von Mineralölprodukten sank im Jahr 2021 um 2,3 Prozent.")
    repeated = [Block("heading", f"27.01.2022{title}", level=1), Block("heading", f"2022-01-27 | {title}", level=1)]
    longer = Block("heading", f"{title}: die Zahlen im Vergleich", level=2)
    assert clean_blocks([*repeated, longer, story], title) == [longer, story]


def test_an_inline_teaser_goes_also_when_only_its_custom_element_name_says_so() -> None:
    story = "<p>The ministry changed the rules for vaccination certificates on Monday evening.</p>" * 4
    teaser = ("<pp-inline-teaser><h3>FAQ on workplace safety</h3>"
              "<p>Find answers to your questions on workplace safety.</p></pp-inline-teaser>")
    quote = "<my-pullquote><p>The rules apply from Tuesday, the minister said.</p></my-pullquote>"
    text = precleaned_text(f"<body><article>{story}{teaser}{quote}</article></body>")
    assert "workplace safety" not in text
    assert "The rules apply from Tuesday" in text and "vaccination certificates" in text


def test_a_navigation_block_goes_and_a_page_wrapped_in_one_stays() -> None:
    story = "<p>The old town lies on the western shore of the lake and draws many visitors.</p>" * 4
    menu = '<div id="site-navigation"><p>Our services, our office, our address in Bremerhaven.</p></div>'
    assert "Bremerhaven" not in precleaned_text(f"<body>{menu}<div>{story}</div></body>")
    assert "western shore" in precleaned_text(f'<body><div class="navigation-wrapper">{story}</div></body>')


def _linked(kind: str, text: str) -> Block:
    return Block(kind, text, spans=[Span(0, len(text), "link", "https://example.org/x")])


def test_a_table_keeps_its_linked_rows() -> None:
    rows = [_linked("table_row", "Docker Desktop for Mac"), Block("table_row", "Linux x86_64 arm64"),
            _linked("table_row", "Docker Desktop for Windows")]
    assert clean_blocks(rows, "Title") == rows


def test_a_list_of_mostly_plain_items_keeps_its_linked_items_and_a_link_list_goes() -> None:
    ingredients = [Block("list_item", "2 cups powdered sugar"), _linked("list_item", "1/2 cup dutch cocoa powder"),
                   Block("list_item", "1 cup butter, softened")]
    story = Block("paragraph", "Beat the butter until it is pale and fluffy, then add the sugar slowly.")
    related = [_linked("list_item", "Chocolate cake"), _linked("list_item", "Lemon bars"),
               Block("list_item", "More recipes soon")]
    assert clean_blocks([*ingredients, story, *related], "Title") == [*ingredients, story, related[2]]


def test_table_rows_are_never_datelines() -> None:
    rows = [Block("table_row", "Hauptprodukt\tJanuar bis November 2020\tJanuar bis November 2021\tÄnderung"),
            Block("table_row", "Maidenhead\tTheresa May\tmayt@parliament.uk"),
            Block("table_row", "Skipton and Ripon\tJulian Smith\tjulian.smith.mp@parliament.uk")]
    assert clean_blocks(rows, "Title") == rows


def test_a_glossary_tooltip_does_not_break_into_the_sentence_it_explains() -> None:
    sentence = ('<p>Der Tag erinnert an Herculin Barbin, eine <a class="glossary" href="/g/19">intergeschlechtliche</a>'
                '<span class="tooltip">Intergeschlechtliche Menschen haben angeborene Merkmale.</span> Person '
                "aus Frankreich, die im 19. Jahrhundert lebte.</p>")
    # the term itself may be the tooltip's trigger, with the explanation in its title
    trigger = ('<p>Das führt zu einer erheblichen <a class="lexicon tooltip-link" data-toggle="tooltip" '
               'title="Ein Ausdruck für das Ausmaß ..." href="/glossar/u">Unsicherheit</a> für Unternehmen.</p>')
    text = precleaned_text(f"<body><article>{sentence * 3}{trigger}</article></body>")
    assert "eine intergeschlechtliche Person aus Frankreich" in text
    assert "zu einer erheblichen Unsicherheit für Unternehmen" in text


def test_an_ads_marker_in_the_text_goes_and_a_sentence_about_advertising_stays() -> None:
    markers = ["CONTINUA DEPOIS DA PUBLICIDADE", "Story continues below advertisement",
               "Continúa después de la publicidad", "Advertisement - Scroll to continue",
               "Lesen Sie nach der Anzeige weiter"]
    article = "The story continues below the surface: advertising revenue fell by a third in May."
    blocks = [Block("paragraph", text) for text in [*markers, article]]
    assert [b.text for b in clean_blocks(blocks, "Title")] == [article]


def test_a_controls_label_on_its_own_goes_and_a_figure_keeps_its_image() -> None:
    story = Block("paragraph", "The council voted on Tuesday to keep the library open for five more years.")
    labels = [Block("paragraph", "Schließen"), Block("paragraph", "Loading..."), Block("list_item", "Zurück")]
    figure = Block("figure", "Close", image="img1")
    kept = clean_blocks([*labels, figure, story, Block("paragraph", "More money for the library, the mayor said.")], "Title")
    assert [(b.kind, b.text, b.image) for b in kept] == [
        ("figure", "", "img1"), ("paragraph", story.text, None),
        ("paragraph", "More money for the library, the mayor said.", None),
    ]


def test_a_skip_links_label_and_a_lone_picture_library_credit_go_and_a_contents_heading_stays() -> None:
    story = Block("paragraph", "The council voted on Tuesday to keep the library open for five more years.")
    lines = ["Hauptinhalt", "Zum Inhalt springen", "Skip to main content", "Aller au contenu principal",
             "Pixabay", "(Unsplash)", "dpa"]
    contents = Block("heading", "Inhalt", level=2)
    blocks = [*(Block("paragraph", line) for line in lines), story, contents, story]
    assert clean_blocks(blocks, "Title") == [story, contents, story]


def test_a_caption_loses_its_gallery_counter_and_a_sentence_starting_with_numbers_keeps_them() -> None:
    figures = [Block("figure", "Foto 1 de 3 La bendición se realizará mañana.", image="a"),
               Block("figure", "Image 2 of 10: The pier at dawn.", image="b")]
    story = Block("paragraph", "Photo 1 of 3 shows the pier; the other two were taken at night by a reader.")
    kept = clean_blocks([*figures, story], "Title")
    assert [b.text for b in kept] == ["La bendición se realizará mañana.", "The pier at dawn.", story.text]


def test_a_heading_caption_or_sentence_repeated_right_after_itself_goes_once() -> None:
    sentence = Block("paragraph", "For a novel about the old republic, the author won this year's book prize.")
    heading = Block("heading", "Clean power from the sea", level=2)
    figure = Block("figure", "Energy snack for dogs", image="img1")
    data = [Block("paragraph", "no aplica"), Block("paragraph", "no aplica")]  # values in a row of data
    other = Block("figure", "Energy snack for dogs", image="img2")  # the same caption under another picture
    blocks = [heading, heading, sentence, sentence, figure, figure, other, *data, sentence]
    assert clean_blocks(blocks, "Title") == [heading, sentence, figure, other, *data, sentence]


def test_a_paragraph_that_repeats_the_caption_beside_it_goes_and_the_figure_stays() -> None:
    story = Block("paragraph", "The old town lies on the western shore of the lake and draws many visitors.")
    figure = Block("figure", "Rust on the western shore of the lake.", image="img1")
    copy = Block("paragraph", "Rust on the western shore of the lake.")
    label = Block("paragraph", "Rust")  # one word: no caption's copy
    before = clean_blocks([copy, figure, story], "Title")
    after = clean_blocks([story, figure, copy, story], "Title")
    assert before == [figure, story] and after == [story, figure, story]
    assert clean_blocks([story, Block("figure", "Rust", image="img2"), label, story], "Title")[2] == label


def test_a_credit_marked_by_class_leaves_the_caption_wherever_it_stands() -> None:
    story = "<p>The bearded vulture was released in the national park in the summer of last year.</p>" * 3
    figures = (
        '<figure><img src="a.jpg"><figcaption><span class="copyright">© Anna Schäffer</span> '
        "The bearded vulture in flight.</figcaption></figure>"
        '<div class="image-caption"><span class="c-credit">National Archives</span> Nixon on September 8, 1974.</div>'
        '<figure><figcaption><span class="source">Photo: a long explanation of where this picture comes from, '
        "who took it and why it matters here</span></figcaption></figure>"
    )
    text = precleaned_text(f"<body><article>{story}{figures}</article></body>")
    assert "Schäffer" not in text and "The bearded vulture in flight." in text
    assert "National Archives" not in text and "Nixon on September 8, 1974." in text
    assert "who took it and why it matters here" in text  # too long for a credit: caption text


def test_a_captions_loading_placeholder_goes() -> None:
    (figure,) = clean_blocks([Block("figure", "Laden... Verschiedene Tabletten und Kapseln", image="a")], "T")
    assert figure.text == "Verschiedene Tabletten und Kapseln"


def test_a_likes_counter_goes_and_a_section_named_likes_with_text_stays() -> None:
    story = "<p>Nachdem ich die Performance von Lightroom beklagt hatte, bekam ich drei Tipps.</p>" * 3
    counter = '<div class="preview_likes gallery_likes_add"><span>17</span></div>'
    section = ('<div class="likes">' + "<p>What readers liked most about the new library was its long "
               "opening hours, the quiet reading rooms on the top floor and the café by the entrance, "
               "which stays open until late in the evening on weekdays and on Saturdays.</p>" * 2 + "</div>")
    text = precleaned_text(f"<body><article>{counter}{story}{section}</article></body>")
    assert "17" not in text and "Lightroom" in text and "quiet reading rooms" in text


def test_a_dateline_run_into_the_first_word_gets_its_space() -> None:
    page = FIXTURES / "extraction" / "edition.cnn.com-royal.html"
    first = extract_file(page).document.blocks[1]
    assert first.text.startswith("London (CNN) It was the interview that some within Buckingham Palace")
    assert [first.text[s.start:s.end] for s in first.spans] == ["London (CNN)", "discussion with Oprah Winfrey"]

    def opening(text: str) -> str:
        (block,) = clean_blocks([Block("paragraph", text)], "Title")
        return block.text

    story = "the talks ended without an agreement on the new budget, officials said."
    assert opening(f"WASHINGTON, D.C. (AP)The {story}") == f"WASHINGTON, D.C. (AP) The {story}"
    assert opening(f"(Reuters)“The {story}") == f"(Reuters) “The {story}"
    for kept in (f"Brussels (Reuters) - The {story}", f"(S)he knows that {story}",
                 f"Berlin (dpa)and more: {story}", f"The agency (AFP)Said that {story}"):
        assert opening(kept) == kept


def test_a_box_made_a_button_is_a_control_and_goes_with_its_label() -> None:
    # The Independent's "UK news in pictures" box opens a slideshow: a heading, "Show all 50"
    # and thumbnails inside a <div role="button">, between two paragraphs of the article.
    page = FIXTURES / "extraction" / "independent.co.uk.penalty.html"
    lines = extract_file(page).document.body_text.split("\n")
    assert "UK news in pictures" not in lines and "Show all 50" not in lines
    assert "Mr Hancock responded: “Sometimes in this pandemic we have had to move fast, and we may need to again." in lines

    faq = ('<div class="faq"><h3 role="button" aria-expanded="false">Who pays the fine?</h3>'
           '<div hidden></div></div>')
    term = '<p>The <span role="button" class="glossary">quorum</span> was not reached.</p>'
    share = '<p><a href="https://example.org/share" role="button">Share on Mastodon</a></p>'
    details = "<details><summary role=\"button\">Sources</summary>\n<p>Court records.</p></details>"
    gallery = '<div role="button" tabindex="0"><h2>Our week in pictures</h2><span>View all 12</span></div>'
    text = precleaned_text("<html><body>" + "\n".join((faq, term, share, details, gallery)) + "</body></html>")
    assert text == "Who pays the fine? The quorum was not reached. Share on Mastodon Sources Court records."
    assert precleaned_text('<html role="button"><body><p>Court records.</p></body></html>') == "Court records."


def test_the_headline_repeated_in_another_stated_wording_goes_and_a_tagline_stays() -> None:
    # The Independent's og:title words the headline otherwise than its <title>, JSON-LD
    # headline and <h1>, which open the article's text.
    page = FIXTURES / "extraction" / "independent.co.uk.penalty.html"
    extracted = extract_file(page)
    assert extracted.metadata["title"].startswith("Falsely reporting a coronavirus contact")
    lines = extracted.document.body_text.split("\n")
    assert lines[0] == "Pubs and bars face penalties for playing loud music or allowing singing and dancing"

    story = Block("paragraph", "The club's second win in a row puts it four points clear at the top.")
    headline = Block("heading", "Alajuelense se distancia en el liderato", level=1)
    tagline = "Everardo Herrera, lo mejor del fútbol de Costa Rica"
    # the page's title is its site's tagline: the headline in the text is the only one
    assert clean_blocks([headline, story], tagline, [headline.text]) == [headline, story]
    title = "Alaska Airlines to become full Oneworld member by spring"
    reworded = Block("heading", "Alaska Airlines sets new date for full Oneworld membership", level=1)
    assert clean_blocks([reworded, story], title, [title, reworded.text]) == [story]
    assert clean_blocks([Block("heading", "AI"), story], "AI", []) == [story]


def test_what_the_clean_up_learnt_about_a_page_is_not_kept_for_the_next() -> None:
    """The answers kept about a page's texts (their keys, words, whether prose) last for
    its extraction only: no page's texts stay in memory, and no extraction is quicker for
    the one before it."""
    from claimmark.core.extract import boilerplate

    cached = (boilerplate.text_key, boilerplate.word_count, boilerplate._prose)
    boilerplate.is_prose(Block("paragraph", "A sentence of some seven words, no more."))
    boilerplate.text_key("A heading")
    assert all(c.cache_info().currsize > 0 for c in cached)
    extracted = extract_file(FIXTURES / "extraction" / "chip.de.beef.html")
    assert extracted.document.text
    assert [c.cache_info().currsize for c in cached] == [0, 0, 0]
