"""Recognising boilerplate blocks by their text: share bars, "read more" and related
links, subscription and newsletter prompts, comment counts, photo credits, copyright
lines and datelines. The patterns are general (English, German, Spanish, French,
Polish), never written for one site."""

from __future__ import annotations

import re
from functools import lru_cache

from claimmark.core.extract.dates import LONE_DATE
from claimmark.core.model.document import Block

# Lines that send the reader to other articles or products, as both patterns below
# know them ("Read also" in Spanish, Portuguese, Italian, French and Polish, "You may
# also like").
READ_ALSO = (
    r"lea también|lee también|vea también|ver también|véase también|leia também|veja também|"
    r"leggi anche|vedi anche|(ti )?potrebbe interessar(ti|e)|vous aimerez (peut-être )?aussi|"
    r"también te puede (gustar|interesar)|te puede interesar|lire aussi|à lire aussi|voir aussi|"
    r"zobacz (również|też|także)|czytaj (też|także|więcej)|you (may|might) also like|"
    r"(das|dies) könnte (dir|ihnen) auch gefallen"
)
# A whole short block that starts like this is site furniture, not article text.
BOILERPLATE_LINE = re.compile(
    r"^\W*(share (this|on|the|article|story|via)\b|share$|read (more|also|next)\b|see also\b|"
    r"related (news|articles?|stories|posts|content|coverage|topics)?\b|"
    r"most (viewed|read|popular)\b|advertisement\b|sponsored\b|be the first to comment|"
    r"leave a (comment|reply)|comments? \(\d+\)|(\d+ )?comments?$|comments are closed|"
    r"recommended (for you|stories|articles)|more (from|stories|news)\b|"
    r"similar (products|articles|posts)\b|"
    r"latest (news|stories|articles|posts)\b|follow us\b|sign up\b|subscribe\b|click here to\b|"
    r"tags?:|filed under\b|posted in\b|about the author\b|all rights reserved|"
    r"if you (enjoyed|liked|value)\b|support (our|us)\b|suggested citation|"
    r"to (view|read|continue) (the full|this|reading)|already a subscriber|log ?in\b|"
    r"for the latest\b|download (the|our)\b|print (this )?(page|article|recipe)$|"
    # how long the text takes to read, and a count of ratings
    r"(estimated )?(reading time|lesezeit|tiempo de lectura|temps de lecture|czas czytania)\W*"
    r"(ca\.?|approx\.?|etwa)?\s*\d+\s*min\w*\.?\W*$|\d+\s*min(ute)?s?\.? (read|lesezeit)\W*$|"
    r"\d+ (bewertungen|ratings|reviews|votes)\W*$|"
    # an ad's marker in the text ("Story continues below advertisement", in any language)
    r"(story |article |text )?continues? (below|after) (the |this )?(advertisement|ad)\b|"
    r"advertisement\W+(scroll|continue)|continua (depois|após) (da |a )?publicidade|"
    r"continúa (después|tras) (de )?la publicidad|la suite après (la )?publicité|"
    r"(weiterlesen|lesen sie|weiter) nach (der|dieser) (anzeige|werbung)|"
    # a player's notice of how long a video or audio stays online, in any of the languages
    r"(video|audio|podcast|sendung|beitrag)s? (ist |is )?(verfügbar|abrufbar|available|online|"
    r"disponible)s? (bis|until|till|jusqu|hasta)\b|"
    # German
    r"lesen sie (auch|mehr|weiter|hier)\b|(das|dies) könnte (sie|dich) (auch )?interessieren|"
    r"auch interessant\b|mehr (zum|zu diesem) thema\b|weitere (\w+ )?(artikel|beiträge|informationen|"
    r"themen|nachrichten|news|meldungen)\b|ähnliche (artikel|beiträge)\b|"
    r"verwandte (artikel|beiträge|themen)\b|neueste (artikel|beiträge)\b|ähnliche produkte\b|"
    r"empfehlungen aus der redaktion|themen:|schlagw(ö|o)rter\b|kategorien?:|teilen\b|drucken$|"
    r"jetzt (abonnieren|anmelden|registrieren|teilen)\b|zum newsletter\b|newsletter\b|"
    r"anzeige$|werbung$|kommentare?\b|bewerten:|\(?noch keine bewertung|permanentlink|"
    r"dieser eintrag wurde veröffentlicht|zeige alle beiträge|sie sind (aktuell )?nicht "
    r"eingeloggt|vorschau auf den nächsten artikel|zurück zur übersicht|nach oben$|"
    r"artikel (teilen|drucken|merken)|(seite|beitrag|rezept) drucken$|druckversion$|"
    r"gefällt (dir|ihnen) (unser|dieser|der)|"
    r"klicken sie auf den (unteren )?button|inhalt laden$|(\w+ )?als pdf herunterladen|"
    # Spanish, French, Polish
    r"más noticias|noticias relacionadas|contexto de la noticia|publicidad$|comparte\b|compartir\b|"
    r"publicité$|partager\b|reklama$|"
    + READ_ALSO + ")",
    re.I,
)
# The label of a control, as a block of its own.
_CONTROL_LABEL = re.compile(
    r"^\W*(close|schlie(ß|ss)en|cerrar|fermer|zamknij|loading|laden|cargando|chargement|"
    r"zurück|back|weiter|next|suche|search|menu|menü|mehr|more|"
    # a skip link's label
    r"zum (haupt)?inhalt( springen)?|hauptinhalt( springen)?|skip to (main )?content|main content|"
    r"aller au contenu( principal)?|(ir|saltar) al contenido( principal)?|przejdź do treści)\W*$",
    re.I,
)
# Words of a line that sends the reader elsewhere.
CALL_TO_ACTION = re.compile(
    r"\b(hier|here|klicken|click|abonnier\w*|subscrib\w*|sign up|newsletter|anmelden|"
    r"registrier\w*|unserem (beitrag|artikel)|our (article|post))\b",
    re.I,
)
# A line that introduces links to other articles.
RELATED = re.compile(
    r"^\W*(read (also|more|next)|see also|related|more (from|stories|on)\b|lesen sie (auch|mehr)|"
    r"mehr (zum|zu diesem) thema|auch interessant|(das|dies) könnte (sie|dich) (auch )?"
    r"interessieren|weitere (artikel|beiträge|nachrichten|meldungen)|"
    r"ähnliche (produkte|artikel|beiträge)|similar (products|articles|posts)|" + READ_ALSO + ")",
    re.I,
)
# A photo credit on its own ("Foto: dpa", "© Jane Doe", "Bild: Agency / Name").
CREDIT = re.compile(
    r"^\W*((foto|fotos|photo|photos|bild|bilder|titelbild|image|imagen|credit|quelle)\s*:|©|"
    r"\(c\)\s)",
    re.I,
)
# Picture agencies and libraries, as credits name them ("Jane Doe/Reuters", "Getty/Jane Doe").
_AGENCY = (
    r"(reuters|afp|ap|dpa|epa|getty|getty images|imago|shutterstock|istock|keystone|"
    r"picture[ -]alliance|efe|xinhua|anadolu|pixabay|unsplash|pexels|fotolia|adobe ?stock|"
    r"stock\.adobe\.com)"
)
# A line that is only the name of an agency or picture library: a picture's credit.
_LONE_AGENCY = re.compile(rf"^\W*{_AGENCY}\W*$", re.I)
_NAME = r"(?-i:[A-ZÀ-ÞŁŚŻ])[^\s/().,;:]*"  # a capitalised word of a photographer's name
# A photo credit closing a caption ("... (Foto: dpa)", "... © Jane Doe", "... Jane Doe/Reuters").
_CREDIT_LABEL = r"(foto|fotos|photo|photos|photograph|bild|bilder|image|imagen|credit|quelle|source)\s*:"
TRAILING_CREDIT = re.compile(
    rf"[\s,;:–-]*[(\[]?\s*((©|\(c\)|{_CREDIT_LABEL})[^()\[\]©]{{1,80}}|"
    rf"({_NAME}(\s{_NAME}){{0,2}}\s?/\s?{_AGENCY}( files?| file photo)?|"
    rf"{_AGENCY}\s?/\s?[^\s/()\[\]]+(\s{_NAME}){{0,2}}))"
    r"[)\]]?\s*$",
    re.I,
)
# What every TRAILING_CREDIT holds (a ©, "(c)", a label and its colon, or a name/agency
# slash): a text without any is not searched with it, since that search tries all its
# alternatives at each position of the text.
CREDIT_MARK = re.compile(rf"©|\(c\)|/|{_CREDIT_LABEL}", re.I)
# A gallery's counter before a caption ("Foto 1 de 3", "Bild 2 von 5", "Image 1 of 4"), or
# the "Loading..." of a picture loaded by script.
GALLERY_COUNTER = re.compile(
    r"^\W*((foto|fotos|bild|image|photo|imagen|slide|zdjęcie)\s+\d+\s*(de|von|of|/|z|sur)\s*\d+\b|"
    r"(laden|loading|cargando|chargement)\s*(\.\.\.|…))\W*",
    re.I,
)
# A caption's instruction to click the picture ("Zum Vergrößern auf das Bild klicken.").
ENLARGE = re.compile(
    r"[(\[]?\s*(zum vergrößern (auf das bild |bitte )?(an)?klicken|(bild|foto|grafik) vergrößern|"
    r"(zum vergrößern )?(bitte )?(auf das bild |auf die grafik )?klicken,? um (es |sie )?zu vergrößern|"
    r"(click|tap)( on)?( the)?( image| picture| photo)? (to|for) "
    r"(enlarge|zoom|a larger (image|version|view))|"
    r"cliquez (sur l'image )?pour (l')?agrandir|(haga )?(clic|click) (en la imagen )?para ampliar|"
    r"kliknij,? aby powiększyć)\s*[)\]]?\s*[.!]?",
    re.I,
)
# An affiliate-link disclosure: a short block that speaks of links and of being paid for them.
_DISCLOSURE_LINKS = re.compile(r"\b(links?|enlaces?|liens?)\b", re.I)
_DISCLOSURE_PAY = re.compile(
    r"\b(affiliate|affiliate-links?|provision|compensation|vergütung|comisión|rémunér\w*|"
    r"(earn|receive|get) (a )?(small )?commission)\b",
    re.I,
)
DISCLOSURE_WORDS = 60
# A licence notice: a short block that puts this text or the site's content under a licence.
_LICENCE = re.compile(
    r"\b(creative commons|cc[- ]by(-\w+)*|cc0|lizenz|licen[cs]ed?|licencia|licence)\b", re.I
)
_THIS_CONTENT = re.compile(
    r"\b(diese[rs]? (text|artikel|beitrag|werk|inhalt)|inhalte dieser|"
    r"this (work|article|post|text|content)|(sofern|soweit|wenn) nicht anders|unless otherwise|"
    r"except where otherwise|este (texto|artículo|contenido))\b",
    re.I,
)
LICENCE_WORDS = 40
# The label of a press release's closing contact details.
CONTACT_LABEL = re.compile(
    r"^\W*(presse ?kontakte?|pressestelle|medienkontakte?|kontakt für (die )?medien|"
    r"(press|media) (contacts?|enquiries|inquiries)|contacto de prensa|contact presse|"
    r"kontakt dla mediów)\W*$",
    re.I,
)
# A short block that mentions a newsletter anywhere is a sign-up prompt.
_PROMPT = re.compile(r"newsletter", re.I)
PROMPT_WORDS = 20
_RIGHTS = re.compile(r"all rights reserved|©|\(c\) copyright|copyright \d{4}", re.I)
SENTENCE_END = re.compile(r"[.!?…\"'”’»)\]。！？」』）]\s*$")
# Chinese and Japanese write words without spaces between them.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_CHARS_PER_WORD = 2
_DATE_WORDS = re.compile(
    r"\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b|\b(jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec)[a-z]*\b|\d{1,2}:\d{2}|\b(updated?|published|last update)\b|"
    r"\b(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|januar|februar|märz|"
    r"mai|juni|juli|oktober|dezember|aktualisiert|veröffentlicht|uhr)\b|"
    r"\b\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})\b|\b\d{4}-\d{2}-\d{2}\b",
    re.I,
)


# a label that says a date is the publication's
PUBLISHED_LABEL = r"veröffentlich\w*|publi(shed|cado|cada|é|ée)|opublikowan\w*"
# "Veröffentlichung: 2. Februar 2022", "Published 3 May", "Stand: 27.01.2022": one date will do
_DATE_LABEL = re.compile(
    rf"^\W*({PUBLISHED_LABEL}|aktualisiert|updated|stand|datum|date|fecha)\b|"
    r"^\W*\d{1,2}\.\d{1,2}\.\d{2,4}\W*$",
    re.I,
)
DATE_LABEL_WORDS = 6


_PUNCTUATION = re.compile(r"[^\w\s]")


# The clean-up asks the same questions of a block's text many times over (its words,
# its key, whether it is prose): the answers are kept while one page is extracted
# (`forget_texts` ends that), for up to this many texts.
_TEXTS = 8192


def forget_texts() -> None:
    """Drop the answers kept about the texts of the page extracted last."""
    for cached in (text_key, word_count, _prose):
        cached.cache_clear()


@lru_cache(maxsize=_TEXTS)
def text_key(text: str) -> str:
    """Text compared loosely: case, punctuation and white space ignored."""
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())


@lru_cache(maxsize=_TEXTS)
def word_count(text: str) -> int:
    """Words of a text; a run of Chinese or Japanese characters counts a word per two."""
    return len(text.split()) + len(_CJK.findall(text)) // CJK_CHARS_PER_WORD


def link_density(block: Block) -> float:
    if not block.text:
        return 0.0
    linked = sum(s.end - s.start for s in block.spans if s.kind == "link")
    return min(linked / len(block.text), 1.0)


def is_call_to_action(block: Block) -> bool:
    """A short linked line that sends the reader elsewhere ("more about X here",
    "sign up here", "as we explain in our article ...")."""
    short = word_count(block.text) <= 40
    return short and link_density(block) > 0 and bool(CALL_TO_ACTION.search(block.text))


def is_credit(text: str) -> bool:
    return len(text.split()) <= 8 and bool(CREDIT.search(text) or _LONE_AGENCY.match(text))


def is_control_label(text: str) -> bool:
    """A block that is only the label of a control: a close or back button, a loading
    notice, a search field, a menu."""
    return bool(_CONTROL_LABEL.match(text))


def is_boilerplate(block: Block, *, in_text_list: bool = False) -> bool:
    """Whether a block is site furniture by its text and links. `in_text_list`: the block
    is an item of a list whose items mostly are not links, so a linked item is one of
    them (a reference, an ingredient), not a line of a link list."""
    words = word_count(block.text)
    if block.kind == "figure":
        return False
    if (words <= 25 and BOILERPLATE_LINE.search(block.text)) or is_control_label(block.text):
        return True
    if (words <= 20 and _RIGHTS.search(block.text)) or is_credit(block.text):
        return True
    if words <= PROMPT_WORDS and _PROMPT.search(block.text):
        return True
    if words <= LICENCE_WORDS and _LICENCE.search(block.text) and _THIS_CONTENT.search(block.text):
        return True
    if words <= DISCLOSURE_WORDS and is_disclosure(block.text):
        return True
    # a table's rows stay together: dropping linked rows would leave holes in it
    return words <= 30 and is_linked(block) and block.kind != "table_row" and not in_text_list


def is_linked(block: Block) -> bool:
    """Mostly link text: a line of a link list (menus, teasers, tag clouds)."""
    return link_density(block) > 0.6


def is_disclosure(text: str) -> bool:
    """An affiliate-link disclosure ("we may receive compensation when you click on links")."""
    return bool(_DISCLOSURE_LINKS.search(text) and _DISCLOSURE_PAY.search(text))


def is_teaser_marker(block: Block) -> bool:
    """A short "Read also", "Related", "Mehr zum Thema" line before a teaser."""
    return len(block.text.split()) <= 6 and bool(RELATED.search(block.text))


def is_prose(block: Block) -> bool:
    """A sentence-like block: long enough and ending like a sentence."""
    return _prose(block.text)


@lru_cache(maxsize=_TEXTS)
def _prose(text: str) -> bool:
    return word_count(text) >= 6 and bool(SENTENCE_END.search(text))


def is_dateline(block: Block) -> bool:
    if block.kind == "table_row":  # a table's header names months and dates too
        return False
    words = block.text.split()
    if len(words) > 16:
        return False
    dates = len(_DATE_WORDS.findall(block.text))
    short = len(words) <= 10 and not is_prose(block)
    labelled = len(words) <= DATE_LABEL_WORDS and dates >= 1 and bool(_DATE_LABEL.search(block.text))
    return labelled or bool(LONE_DATE.match(block.text)) or (dates >= 2 and (dates >= 4 or short))
