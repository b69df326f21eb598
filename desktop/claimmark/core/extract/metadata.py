"""Article metadata from the page itself: meta tags, JSON-LD, ``<title>`` and the
comments that browsers and SingleFile leave in saved pages."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, NamedTuple, cast
from urllib.parse import urlsplit

from lxml import etree

from claimmark.core.extract.encoding import visible_text

_COMMENT = type(etree.Comment())  # lxml's comment node class, which it names only privately
FIELDS = ("title", "byline", "site_name", "url", "published", "section", "language", "saved_at")
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)\s*(\S+)")
_SINGLEFILE_URL = re.compile(r"^\s*url:\s*(\S+)", re.M)
_SINGLEFILE_DATE = re.compile(r"^\s*saved date:\s*(.+?)\s*$", re.M)
_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportage", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "scholarlyarticle", "techarticle", "webpage",
}


class PageMetadata(NamedTuple):
    """What a page says about itself: the fields a document stores (``FIELDS``), and
    every form in which it states its headline (``og:title``, ``twitter:title``, the
    JSON-LD headline, ``<title>``, each without the site's name), which the clean-up
    needs to tell the headline repeated in the text in other words than the title's."""

    fields: dict[str, str]
    headlines: tuple[str, ...]


def read_metadata(root: etree._Element, hints: dict[str, str] | None = None) -> PageMetadata:
    """Metadata of a parsed page; `hints` come from the container (MHTML headers)."""
    meta: dict[str, str] = {}
    props: dict[str, str] = {}
    for element in root.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "")
        value = (element.get("content") or "").strip()
        key = key.strip().lower()
        if key and value and key not in props:
            props[key] = value
    ld, nodes = _json_ld(root)
    comments = _comments(root)

    def first(*values: Any) -> str:
        for value in values:
            text = " ".join(visible_text(value).split()) if isinstance(value, str) else ""
            if text:
                return text
        return ""

    site = first(
        props.get("og:site_name"), _name(ld.get("publisher")), props.get("application-name")
    )
    meta["site_name"] = site
    bylines = (
        _name(_resolve(ld.get("author"), nodes)),
        props.get("author"),
        props.get("article:author") if not _is_url(props.get("article:author")) else "",
        props.get("dc.creator"),
        props.get("byl"),
    )
    meta["byline"] = first(*(_byline(b) for b in bylines))
    canonical = ""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            canonical = (link.get("href") or "").strip()
            break
    saved_from = first(*(_match(_SAVED_FROM, c) for c in comments))
    singlefile_url = first(*(_match(_SINGLEFILE_URL, c) for c in comments if "SingleFile" in c))
    hints = hints or {}
    url = first(
        *(u for u in (canonical, props.get("og:url"), _url_of(ld)) if _is_url(u)),
        saved_from,
        singlefile_url,
        hints.get("url"),
    )
    meta["url"] = url if _is_url(url) else ""
    original = _original_url(meta["url"])
    hosts = _host_names(original)
    raw_title = first(_text(root.find(".//title")))
    stated = (props.get("og:title"), props.get("twitter:title"), ld.get("headline"))
    titles = [_strip_site(" ".join(t.split()), site, hosts) for t in stated if isinstance(t, str)]
    titles.append(_strip_site(raw_title, site, hosts, guess=True))
    headlines = tuple(dict.fromkeys(first(t) for t in titles if t.strip().lower() not in site.lower()))
    titles.append(_text(root.find(".//h1")))  # no stated headline: often a logo or a section's name
    # a page whose og:title is just the site's name names its article elsewhere
    meta["title"] = first(*(t for t in titles if t.strip().lower() not in site.lower()), *titles)
    meta["published"] = _date(
        first(
            props.get("article:published_time"),
            ld.get("datePublished"),
            props.get("datepublished"),
            props.get("pubdate"),
            props.get("date"),
            props.get("dc.date"),
            props.get("dc.date.issued"),
            props.get("og:published_time"),
            props.get("sailthru.date"),
            _time_element(root),
        )
    )
    meta["section"] = first(props.get("article:section"), _first_str(ld.get("articleSection")))
    html_el = root if root.tag == "html" else root.find(".//html")
    lang = html_el.get("lang") if html_el is not None else ""
    meta["language"] = first(lang, props.get("og:locale"))
    singlefile_date = first(*(_match(_SINGLEFILE_DATE, c) for c in comments if "SingleFile" in c))
    meta["saved_at"] = _timestamp(first(singlefile_date, hints.get("saved_at")))
    if not meta["site_name"] and meta["url"]:
        host = urlsplit(original).hostname or ""
        meta["site_name"] = host.removeprefix("www.")
    return PageMetadata(meta, tuple(h for h in headlines if h))


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    texts = cast("Iterator[str]", element.itertext())  # an HTML tree's texts are all str
    return " ".join("".join(texts).split())


# separators between a page's title and its site's name, longest first
_SEPARATORS = (" :: ", " | ", " - ", " – ", " — ", " · ", " » ", " • ", " │ ", "│")
# a second-level domain under a country code ("bbc.co.uk", "clarin.com.ar")
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "gv", "ac", "edu", "or", "ne", "go"}
# first labels of hosts that say what kind of site it is, not whose ("blog.example.org")
_GENERIC_LABELS = {"blog", "blogs", "news", "shop", "forum", "foren", "mobile", "home", "info", "online"}


def _fold(text: str) -> str:
    """Letters and digits only, lower case, without accents: 'Nestlé Marktplatz' and the
    host 'nestle-marktplatz.de' fold to the same 'nestlemarktplatz'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


_ARCHIVED = re.compile(r"^/web/\d+[a-z_]*/(https?://.+)$", re.I)


def _original_url(url: str) -> str:
    """The address an archive.org copy was saved from, else the address itself: the
    copy's site is the original's, not web.archive.org."""
    parts = urlsplit(url)
    if (parts.hostname or "").removeprefix("web.") != "archive.org":
        return url
    match = _ARCHIVED.match(parts.path + (f"?{parts.query}" if parts.query else ""))
    return match.group(1) if match else url


def _host_names(url: str) -> list[str]:
    """The names in a page's host, folded: the one before the top-level domain and a
    first label ('thm' and 'arsnova' in 'arsnova.thm.de'), four letters or more."""
    labels = (urlsplit(url).hostname or "").removeprefix("www.").split(".") if url else []
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-1]
    if len(labels) < 2:
        return []
    names = {_fold(labels[-2])} | ({_fold(labels[0])} - _GENERIC_LABELS)
    return sorted(n for n in names if len(n) >= 4)


def _strip_site(title: str, site: str, hosts: list[str], guess: bool = False) -> str:
    """The title without the site's name that pages add after it ('Headline | Site',
    'Headline - Site - Tagline', 'Headline │ Nestlé Marktplatz' on nestle-marktplatz.de)
    or put before it ('Diario HOY | Headline'). Names are matched folded: what follows
    the earliest separator must start with the stated site name or a name in the host,
    or be the start of the stated name ('- changelog' of 'changelog hosted by ...').
    Without a stated site name, a short last part of a ``<title>`` goes when ``guess``
    is set."""
    key = _fold(site)
    names = tuple(n for n in (key, *hosts) if len(n) >= 4)
    for sep in _SEPARATORS if names else ():
        start = title.find(sep)
        while start > 0:
            head, rest = title[:start].strip(), _fold(title[start + len(sep):])
            if head and (rest.startswith(names) or (len(rest) >= 4 and key.startswith(rest))):
                return head
            start = title.find(sep, start + 1)
        lead, found, rest_text = title.partition(sep)
        if found and rest_text.strip() and _fold(lead) in names:
            return rest_text.strip()
    for sep in _SEPARATORS if guess and not key else ():
        head, found, tail = title.rpartition(sep)
        if found and len(tail.split()) <= 4 and len(head) > 2 * len(tail):
            return head.strip()
    return title


# what a site's software puts where no author was named: a role or an empty value...
_PLACEHOLDERS = {"admin", "administrator", "publisher", "author", "autor", "user", "webmaster",
                 "null", "none", "undefined", "unknown", "unbekannt", "n/a"}
# ... or words that say there is none ("No Author", "Unknown author", "Kein Autor", "Author unknown")
_NO_AUTHOR = re.compile(
    r"^((no|unknown|kein(e[nr]?)?|unbekannte[rs]?|ohne|sin|sans|senza|brak|nieznany)[\s_-]+"
    r"(author|autor|autora|autorin|auteur|autore|byline)s?|"
    r"(author|autor|auteur|autore)[\s_-]+(unknown|unbekannt|desconocido|inconnu|sconosciuto|nieznany))$",
    re.I,
)
_EMAIL = re.compile(r"\S+(@|\[at\]|\(at\))\S+\.\w+", re.I)


def _byline(value: Any) -> str:
    """An author's name as a page states it, without an e-mail address beside it
    ("Lüder Hoppe info@buero-hoppe.de"); a placeholder ("admin", "No Author") is none."""
    if not isinstance(value, str):
        return ""
    name = " ".join(_EMAIL.sub(" ", value).split())
    return "" if name.casefold() in _PLACEHOLDERS or _NO_AUTHOR.match(name) else name


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))


def _comments(root: etree._Element) -> list[str]:
    out = []
    tree = root.getroottree()
    # comments before <html> hang off the tree as siblings of the root
    node = tree.getroot().getprevious()
    while node is not None:
        if isinstance(node, _COMMENT):
            out.append(node.text or "")
        node = node.getprevious()
    for count, node in enumerate(root.iter(etree.Comment)):
        out.append(node.text or "")
        if count > 50:
            break
    return out


def _match(regex: re.Pattern[str], text: str) -> str:
    match = regex.search(text)
    return match.group(1) if match else ""


def _json_ld(root: etree._Element) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """What the page's JSON-LD says of its article, and all objects by their @id (Yoast
    and others name the author by reference).

    The article's properties come from the objects that describe an article, an
    Article before a WebPage (a Yoast graph lists the WebPage first, and only the
    Article names the author), each property from the first that has it; an author
    named by no such object is taken from any other (a Recipe's or a Review's)."""
    articles: list[tuple[int, dict[str, Any]]] = []
    others: list[dict[str, Any]] = []
    nodes: dict[str, dict[str, Any]] = {}
    for data in _ld_scripts(root):
        for item in _walk_ld(data):
            if isinstance(item.get("@id"), str):
                nodes.setdefault(item["@id"], item)
            kinds = item.get("@type", item.get("type"))  # "type": a common slip for "@type"
            kinds = [k.lower() for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)]
            if any(k in _ARTICLE_TYPES for k in kinds):
                articles.append((1 if kinds == ["webpage"] else 0, item))
            else:
                others.append(item)
    article: dict[str, Any] = {}
    for _rank, item in sorted(articles, key=lambda pair: pair[0]):  # stable: page order within a rank
        for key, value in item.items():
            if value not in (None, "", [], {}):
                article.setdefault(key, value)
    if "author" not in article:
        named = (item["author"] for item in others if _name(_resolve(item.get("author"), nodes)))
        author = next(named, None)
        if author is not None:
            article["author"] = author
    return article, nodes


def _ld_scripts(root: etree._Element) -> Iterator[Any]:
    """The JSON value of each of the page's JSON-LD scripts that parses."""
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw or len(raw) > 1_000_000:
            continue
        try:
            yield json.loads(raw, strict=False)  # a raw line break inside a string is common
        except ValueError:
            continue


def _resolve(value: Any, nodes: dict[str, dict[str, Any]]) -> Any:
    """A JSON-LD reference ({"@id": ...}, or a list of them) replaced by its object."""
    if isinstance(value, list):
        return [_resolve(v, nodes) for v in value[:5]]
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return nodes.get(value["@id"], value)
    return value


def _walk_ld(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    if depth > 5:
        return []
    if isinstance(data, list):
        return [i for d in data for i in _walk_ld(d, depth + 1)]
    if isinstance(data, dict):
        items = [data]
        if "@graph" in data:
            items += _walk_ld(data["@graph"], depth + 1)
        return items
    return []


def _name(value: Any) -> str:
    if isinstance(value, str):
        return "" if _is_url(value) else value
    if isinstance(value, dict):
        return _name(value.get("name")) if isinstance(value.get("name"), str | list) else ""
    if isinstance(value, list):
        names = [_name(v) for v in value[:5]]
        return ", ".join(n for n in names if n)
    return ""


def _first_str(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return value if isinstance(value, str) else ""


def _url_of(ld: dict[str, Any]) -> str:
    for key in ("url", "mainEntityOfPage"):
        value = ld.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if _is_url(value):
            return str(value)
    return ""


def _time_element(root: etree._Element) -> str:
    for element in root.iter("time"):
        value = element.get("datetime") or element.get("pubdate")
        if value:
            return value
    return ""


_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _date(value: str) -> str:
    """An ISO date (YYYY-MM-DD) from the many forms pages use, or ''."""
    if not value:
        return ""
    match = _DATE_RE.search(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def _timestamp(value: str) -> str:
    """An ISO timestamp from an RFC 2822 date or a JavaScript Date string, or ''."""
    if not value:
        return ""
    match = re.match(r"\w{3} (\w{3} \d{1,2} \d{4} \d{2}:\d{2}:\d{2}) GMT([+-]\d{4})", value)
    if match:  # a JavaScript Date string, as SingleFile writes it
        try:
            return datetime.strptime(f"{match.group(1)} {match.group(2)}", "%b %d %Y %H:%M:%S %z").isoformat()
        except ValueError:
            return ""
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return ""
