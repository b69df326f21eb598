"""Metadata comes from the page itself, with sensible fallbacks."""

from __future__ import annotations

from claimmark.core.extract.metadata import read_metadata
from claimmark.core.extract.pipeline import extract_file, parse_html
from tests.conftest import FIXTURES


def meta_of(html: str, hints: dict[str, str] | None = None) -> dict[str, str]:
    return read_metadata(parse_html(html), hints).fields


def test_json_ld_news_article_in_a_graph() -> None:
    html = """<html lang="de"><head><title>Ignored | Site</title>
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Not this"},
      {"@type": "NewsArticle", "headline": "Die Schlagzeile", "datePublished": "2024-03-09T08:00:00+01:00",
       "author": [{"@type": "Person", "name": "Anna Beispiel"}, {"@type": "Person", "name": "Ben Muster"}],
       "publisher": {"@type": "Organization", "name": "Der Bote"},
       "mainEntityOfPage": {"@id": "https://bote.example/artikel/1"}, "articleSection": ["Politik"]}]}
    </script></head><body><p>x</p></body></html>"""
    meta = meta_of(html)
    assert meta["title"] == "Die Schlagzeile"
    assert meta["byline"] == "Anna Beispiel, Ben Muster"
    assert meta["site_name"] == "Der Bote"
    assert meta["published"] == "2024-03-09"
    assert meta["url"] == "https://bote.example/artikel/1"
    assert meta["section"] == "Politik"
    assert meta["language"] == "de"


def test_title_without_the_trailing_site_name_and_saved_from_comment() -> None:
    html = """<!DOCTYPE html>
<!-- saved from url=(0038)https://news.example.org/2020/story-one -->
<html><head><meta property="og:site_name" content="Example News">
<title>A story about things | Example News</title><meta name="author" content="C. Writer">
<meta name="date" content="2020-02-29"></head><body><p>x</p></body></html>"""
    meta = meta_of(html)
    assert meta["title"] == "A story about things"
    assert meta["url"] == "https://news.example.org/2020/story-one"
    assert meta["byline"] == "C. Writer"
    assert meta["published"] == "2020-02-29"


def test_singlefile_header_and_mhtml_hints() -> None:
    html = """<!DOCTYPE html> <html><!--
 Page saved with SingleFile
 url: https://blog.example.net/post/42
 saved date: Tue Jan 02 2024 10:11:12 GMT+0100
--><head><title>Post</title></head><body><time datetime="2023-12-31">New Year's Eve</time></body></html>"""
    meta = meta_of(html)
    assert meta["url"] == "https://blog.example.net/post/42"
    assert meta["saved_at"] == "2024-01-02T10:11:12+01:00"
    assert meta["published"] == "2023-12-31"
    assert meta["site_name"] == "blog.example.net"
    hinted = meta_of("<html><head><title>T</title></head><body></body></html>",
                     {"url": "https://mh.example.com/a", "saved_at": "Mon, 5 Jul 2021 12:01:33 -0000"})
    assert hinted["url"] == "https://mh.example.com/a"
    assert hinted["saved_at"].startswith("2021-07-05T12:01:33")


def test_only_http_urls_and_no_url_authors() -> None:
    html = """<html><head><link rel="canonical" href="javascript:alert(1)">
    <meta property="og:url" content="file:///etc/passwd">
    <meta property="article:author" content="https://facebook.com/someone">
    <title>T</title></head><body><h1>Heading title</h1></body></html>"""
    meta = meta_of(html)
    assert meta["url"] == ""
    assert meta["byline"] == ""
    assert meta["title"] == "T"


def test_the_article_in_a_yoast_graph_names_the_author_though_the_webpage_comes_first() -> None:
    html = """<html><head><title>Fische | Angelmagazin</title>
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebPage", "@id": "https://a.example/fische/", "name": "Fische | Angelmagazin",
       "datePublished": "2021-01-02T10:00:00+00:00"},
      {"@type": "Article", "isPartOf": {"@id": "https://a.example/fische/"},
       "author": {"@id": "https://a.example/#/schema/person/1"}, "headline": "Können Fische Schmerzen spüren?",
       "publisher": {"@type": "Organization", "name": "Angelmagazin"}},
      {"@type": "Person", "@id": "https://a.example/#/schema/person/1", "name": "Christoph Hein"}]}
    </script></head><body><p>x</p></body></html>"""
    meta = meta_of(html)
    assert meta["byline"] == "Christoph Hein"
    assert meta["title"] == "Können Fische Schmerzen spüren?"
    assert meta["published"] == "2021-01-02"  # a property only the WebPage states still counts


def test_an_author_from_a_recipe_and_a_type_written_without_its_at() -> None:
    recipe = """<html><head><script type="application/ld+json">{"@type": "WebPage", "name": "Kuchen"}</script>
    <script type="application/ld+json">{"@type": "Recipe", "name": "Zitronenkuchen",
      "author": {"@type": "Person", "name": "Kathrin"}}</script></head><body><p>x</p></body></html>"""
    assert meta_of(recipe)["byline"] == "Kathrin"
    slip = """<html><head><script type="application/ld+json">{"type": "NewsArticle", "headline": "H",
      "author": {"type": "Person", "name": "Maciej Gajewski"}}</script></head><body><p>x</p></body></html>"""
    assert meta_of(slip)["byline"] == "Maciej Gajewski"


def test_json_ld_with_a_raw_line_break_inside_a_string_is_read() -> None:
    html = ('<html><head><script type="application/ld+json">{"@type": "BlogPosting", "headline": "H",\n'
            '"description": "first line\nsecond line", "author": {"@type": "Person", "name": "Jacopo Cascioli"}}'
            "</script></head><body><p>x</p></body></html>")
    assert meta_of(html)["byline"] == "Jacopo Cascioli"


def titled(title: str, site: str = "", url: str = "", og: bool = True) -> str:
    """The title read from a page that states ``title`` (as og:title, else as <title>)."""
    tags = f'<meta property="og:title" content="{title}">' if og else f"<title>{title}</title>"
    if site:
        tags += f'<meta property="og:site_name" content="{site}">'
    if url:
        tags += f'<link rel="canonical" href="{url}">'
    return meta_of(f"<html><head>{tags}</head><body><p>x</p></body></html>")["title"]


def test_the_site_name_after_a_title_goes_whatever_follows_it() -> None:
    site = "Evangelisches Jugendwerk in Württemberg"
    assert titled(f"Faire Lieferketten - {site} (ejw) - EJW", site) == "Faire Lieferketten"
    assert titled("SEKRÈ MYSTERY BAG - Frau braucht ein Geheimnis! - Martina Berg - Lady 50plus",
                  "Martina Berg - Lady 50plus") == "SEKRÈ MYSTERY BAG - Frau braucht ein Geheimnis!"
    # the site's name may be longer than what the title repeats of it
    assert titled("Zwischenbilanz: Tops und Flops - changelog",
                  "changelog hosted by Vaubel Medienberatung") == "Zwischenbilanz: Tops und Flops"


def test_a_name_in_the_host_counts_as_the_site_name_accents_and_case_aside() -> None:
    assert titled("Produkttester werden: gratis testen │ Nestlé Marktplatz",
                  url="https://www.nestle-marktplatz.de/mitmachen") == "Produkttester werden: gratis testen"
    assert titled("Perturbazione polare al Centro - La Stampa",
                  url="https://www.lastampa.it/meteo/1") == "Perturbazione polare al Centro"
    assert titled("Elecciones 2023 - Clarín", url="https://www.clarin.com.ar/politica/1") == "Elecciones 2023"
    assert titled("»frag.jetzt« – ARSnova", url="https://arsnova.thm.de/blog/frag") == "»frag.jetzt«"


def test_a_dash_inside_the_headline_stays() -> None:
    assert titled("Wärmepumpe im Altbau - Wann es sich lohnt | heizung.de",
                  url="https://www.heizung.de/ratgeber/1") == "Wärmepumpe im Altbau - Wann es sich lohnt"
    assert titled("Habeck in München - Windkraft in Bayern geht nur ohne 10H",
                  url="https://www.bund-naturschutz.de/a") == "Habeck in München - Windkraft in Bayern geht nur ohne 10H"
    # a host's first label that names a kind of site is no name of the site
    assert titled("Interview - Blogging tips for beginners",
                  url="https://blog.example.org/a") == "Interview - Blogging tips for beginners"


def test_the_site_name_before_a_title_goes() -> None:
    assert titled("Diario HOY | Darán bendición a vehículos", "Diario HOY") == "Darán bendición a vehículos"
    assert titled("BMAS - Änderung der Anforderungen",
                  url="https://www.bmas.de/DE/a.html") == "Änderung der Anforderungen"


def test_without_a_site_name_a_short_last_part_of_the_page_title_goes() -> None:
    assert titled("A long headline about the floods | Daily Post", og=False) == "A long headline about the floods"
    # og:title and the like rarely carry the site's name: no guessing there
    assert titled("A long headline about the floods | Part two") == "A long headline about the floods | Part two"


def test_an_archive_org_copy_is_of_the_site_it_was_saved_from() -> None:
    html = """<html><head><title>Muffin Grundrezept | Muffinrezept</title>
    <link rel="canonical" href="https://web.archive.org/web/20160330101229/http://muffinrezept.net/grundrezept/">
    </head><body><p>x</p></body></html>"""
    meta = meta_of(html)
    assert meta["site_name"] == "muffinrezept.net"
    assert meta["title"] == "Muffin Grundrezept"  # the original host names the site
    assert meta["url"] == "https://web.archive.org/web/20160330101229/http://muffinrezept.net/grundrezept/"
    other = meta_of('<html><head><link rel="canonical" href="https://archive.org/details/texts">'
                    "<title>T</title></head><body></body></html>")
    assert other["site_name"] == "archive.org"


def test_a_placeholder_is_no_author_and_an_address_beside_a_name_goes() -> None:
    def byline(*tags: str) -> str:
        return meta_of(f"<html><head>{''.join(tags)}<title>T</title></head><body></body></html>")["byline"]

    ld = '<script type="application/ld+json">{"@type": "Article", "author": {"@type": "Person", "name": "admin"}}</script>'
    assert byline(ld) == ""
    assert byline(ld, '<meta name="author" content="Jana Beispiel">') == "Jana Beispiel"
    assert byline('<meta name="author" content="Lüder Hoppe info@buero-hoppe.de">') == "Lüder Hoppe"
    assert byline('<meta name="author" content="cipha[at]cipha.net">') == ""
    assert byline('<meta name="author" content="Redaktion">') == "Redaktion"  # the newsroom signs


def test_words_that_say_there_is_no_author_are_no_byline() -> None:
    # The Japan Times' software writes "No Author" where a wire story names nobody.
    page = FIXTURES / "extraction" / "japantimes.co.jp.surgical.html"
    assert "byline" not in extract_file(page).metadata

    def byline(name: str) -> str:
        return meta_of(f'<html><head><meta name="author" content="{name}"><title>T</title></head></html>')["byline"]

    for placeholder in ("No Author", "no-author", "Unknown author", "Author unknown", "Kein Autor",
                        "Sin autor", "Brak autora", "Unknown", "N/A"):
        assert byline(placeholder) == "", placeholder
    for name in ("Noah Author", "No Ahn", "Autorenteam Küche", "Unknown Mortal Orchestra"):
        assert byline(name) == name


def test_the_headlines_are_every_stated_wording_of_the_title_but_not_the_h1_or_the_site() -> None:
    html = """<html><head><meta property="og:site_name" content="Der Bote">
    <meta property="og:title" content="Der Bote"><meta name="twitter:title" content="Neue Brücke für Kiel">
    <title>Kiel bekommt eine neue Brücke | Der Bote</title>
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Neue Brücke für Kiel"}</script>
    </head><body><h1>Nachrichten</h1><p>x</p></body></html>"""
    fields, headlines = read_metadata(parse_html(html))
    assert fields["title"] == "Neue Brücke für Kiel"
    assert headlines == ("Neue Brücke für Kiel", "Kiel bekommt eine neue Brücke")
