"""State institutions, collective agents and generic groups, built from a country mention.

- "Syrian government forces", "Egyptian authorities", "Turkish intelligence
  officials", "Russia's security services", "police in Hong Kong", "the
  Parliament of Iraq", "the Turkish Ministry of Foreign Affairs": a country's
  institution, one entity per (country, kind) with id ``<ISO3>-<kind>``
  (``SYR-military``, ``EGY-government``), its SCHEMA type, ``country`` and
  ``sector`` (the CAMEO agent code: GOV, MIL, COP, SPY, JUD, LEG, OPP ...),
  unless the alias table names it (then its id: "Syrian warplanes" is the
  table's Syrian army);
- "Syrian rebels", "Hong Kong protesters": a generic group of the alias table
  tied to a country becomes that country's group (``SYR-rebels``);
- a bare "the government", "authorities" is the one such entity the
  document has, or that of the one country the document names; a bare
  "rebels" is the one country's rebels the document named, if any;
- "the US-led coalition": an organization of its own led by that actor, id
  ``<leader>-led-<noun>``; a later "the coalition" is the same one.

Which words make an institution, and of which kind, is the
``institution_heads`` table of ``lexicon.json`` (a phrase wins over its last
word: "security forces", "government forces"); ``agent_kinds`` gives each
kind its sector and type; a generic group's sector is in ``actors.json``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Token

from geokg.extract.columns import columns
from geokg.extract.gazetteer import ActorEntry, Gazetteer
from geokg.extract.index import ActorIndex, EntityDraft, from_entry, surface
from geokg.extract.lexicon import Lexicon
from geokg.extract.syntax import pobjs

__all__ = [
    "agent_phrases",
    "country_institutions",
    "document_countries",
    "led_coalitions",
]

# Words of a ministry's name that mean the same portfolio.
_PORTFOLIO = {"affairs": None, "foreign": "foreign", "defence": "defense", "defense": "defense"}
# Dependents through which a country names whose an institution is ("Russian", "Russia's").
_OWNER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
# Kinds a country's "in" names the owner of ("authorities in Syria"); not troops in Syria.
_DOMESTIC = frozenset({"GOV", "COP", "JUD", "LEG", "OPP"})
# Determiners that make a bare head one particular, known institution ("the government").
_DEFINITE = frozenset({"the"})
# Heads whose compound modifiers name a particular body ("communications authority").
_SPECIFIC = frozenset({"authority", "agency", "commission"})
_MAX_PHRASE = 3  # words of the longest institution phrase


def led_coalitions(index: ActorIndex, lex: Lexicon) -> None:
    """'the US-led coalition' is an organization of its own, led by the US.

    Later mentions of the same head noun with "the" ("the coalition") in the
    document are the same organization.
    """
    doc = index.doc
    cols = columns(doc)
    made: dict[str, str] = {}  # head lemma -> entity id
    for i, word in enumerate(cols.lower):
        if lex.backing_suffixes.get(word) != "leads" or i < 2:
            continue
        token = doc[i]
        leader = index.tokens.get(token.i - 2) if doc[token.i - 1].text == "-" else None
        head = token.head
        if leader is None or head.i == token.i or head.i in index.tokens or head.pos_ != "NOUN":
            continue
        if head.lower_ not in lex.led_heads:
            continue  # "the UN-led process", "the US-led war": led, but no actor
        start = token.i - 2
        while start > 0 and index.tokens.get(start - 1) == leader:
            start -= 1
        text = doc[start : head.i + 1].text
        draft = EntityDraft(
            id=f"{leader}-led-{head.lemma_.lower()}",
            label=text,
            type="Organization",
            country=leader if index.entities[leader].type == "Country" else None,
        )
        made[head.lemma_.lower()] = index.add(draft, range(token.i - 1, head.i + 1), text)
    for i in cols.where(cols.lemma, made) if made else ():
        token = doc[i]
        ent_id = made[cols.lemma[i]]
        if (
            ent_id
            and token.pos_ == "NOUN"
            and token.i not in index.tokens
            and any(c.lower_ == "the" for c in token.children)
        ):
            index.add(index.entities[ent_id], [token.i], token.text)


def _phrase(head: Token, index: ActorIndex, lex: Lexicon) -> tuple[str, int] | None:
    """The institution kind of the longest table phrase ending at ``head``, and its first token.

    The words before the head must belong to its noun phrase and name no actor.
    """
    doc = head.doc
    cols = columns(doc)
    for size in range(_MAX_PHRASE, 0, -1):
        start = head.i - size + 1
        if start < 0:
            continue
        # the table first: slicing the document for a Span costs more than the look-up
        kind = lex.institution_heads.get(cols.span_text(start, head.i + 1).lower())
        if kind is None:
            continue
        if size > 1 and any(
            i in index.tokens or not (start <= doc[i].head.i <= head.i)
            for i in range(start, head.i)
        ):
            continue
        return kind, start
    if head.lemma_.lower() in _SPECIFIC and head.pos_ == "NOUN":
        mods = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
        if mods and not any(m.i in index.tokens for m in mods):
            return "-".join([m.lower_ for m in mods] + [head.lemma_.lower()]), mods[0].i
    return None


def _hyphenated(token: Token) -> bool:
    """'US-backed', 'pro-Russian', 'anti-government': the name is fused into another word."""
    return _hyphen_beside(columns(token.doc).text, token.i)


def _hyphen_beside(texts: list[str], i: int) -> bool:
    return (i + 1 < len(texts) and texts[i + 1] == "-") or (i > 0 and texts[i - 1] == "-")


def _country_token(token: Token, index: ActorIndex) -> str | None:
    ent = index.tokens.get(token.i)
    if ent is None or index.entities[ent].type != "Country" or _hyphenated(token):
        return None
    return ent


def _owner(
    head: Token,
    first: int,
    index: ActorIndex,
    sector: str,
    gazetteer: Gazetteer,
) -> tuple[str, Token] | None:
    """The country an institution phrase belongs to, and the token that names it.

    A modifier of the head or of the phrase's words ("Russian authorities",
    "Russia's security services"), or the object of "of"/"from" after the
    head ("the Parliament of Iraq"), or of "in" for domestic kinds and
    juntas ("authorities in Syria", "the junta in Niger", not "troops in
    Syria"), where a capital stands for its country ("officials in Kyiv").
    """
    doc = head.doc
    phrase = [doc[i] for i in range(first, head.i + 1)]
    for word in phrase:
        for child in word.children:
            if child.dep_ in _OWNER_DEPS and child.i < first:
                country = _country_token(child, index)
                between = doc[child.i + 1 : first]
                if country and not any(t.pos_ in ("VERB", "AUX") for t in between):
                    return country, child
    domestic = sector in _DOMESTIC or head.lemma_.lower() in _RULING
    preps = {"of", "from"} | ({"in"} if domestic else set())
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for obj in prep.children:
                country = _country_token(obj, index) if obj.dep_ == "pobj" else None
                if country:
                    return country, obj
                if obj.dep_ == "pobj" and prep.lower_ == "in":
                    seat = _capital_of(obj, index, gazetteer)
                    if seat is not None:
                        return seat, obj
    return None


# Military heads that rule at home: "the junta in Niger" is Niger's.
_RULING = frozenset({"junta"})


def _capital_of(token: Token, index: ActorIndex, gazetteer: Gazetteer) -> str | None:
    """The country a capital after "in" stands for ("officials in Kyiv"), added to the index."""
    if (
        token.pos_ != "PROPN"
        or token.i in index.tokens
        and index.type_of(index.tokens[token.i]) != "Location"
    ):
        return None
    start = token.i
    while (
        start > 0
        and token.doc[start - 1].dep_ == "compound"
        and token.doc[start - 1].head.i == token.i
    ):
        start -= 1
    entry = _capital(columns(token.doc).span_text(start, token.i + 1), gazetteer, _SEATS)
    if entry is None:
        return None
    index.add(from_entry(entry), (), "")  # the country, unnamed but meant
    return entry.id


# How a capital names its country: as the capital, or as the seat of its government.
_SEATS = frozenset({"capital", "seat"})


def _capital(name: str, gazetteer: Gazetteer, kinds: frozenset[str]) -> ActorEntry | None:
    """The country a place name is the capital (or seat, if ``kinds`` says) of, if any."""
    entry = gazetteer.lookup(name)
    if entry is None or entry.type != "Country" or gazetteer.kind(name) not in kinds:
        return None
    return entry


def _ministry_kind(head: Token) -> str:
    """'foreign-ministry' for "Foreign Ministry", "Ministry of Foreign Affairs"."""
    words = [c.lower_ for c in head.lefts if c.dep_ == "compound" and c.is_alpha]
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            words += [t.lower_ for t in prep.subtree if t.is_alpha and t.lower_ != "of"]
    portfolio = [_PORTFOLIO.get(w, w) for w in words]
    return "-".join([w for w in portfolio if w] + ["ministry"])


def _kind_of(kind: str, lex: Lexicon) -> tuple[str, str]:
    """Sector and type of a kind; a named one takes its head's ("supreme-court": court)."""
    found = lex.agent_kinds.get(kind) or lex.agent_kinds.get(kind.rsplit("-", 1)[-1])
    return found or ("GOV", "Organization")


def _named_kind(head: Token, kind: str, first: int, index: ActorIndex) -> tuple[str, int]:
    """'the UK Supreme Court', 'Iran's Guardian Council': a named body keeps its name.

    A capitalized head with capitalized words of its own before it is one
    particular body, not the country's generic court or council.
    """
    if kind.endswith("ministry") or not head.is_title:
        return kind, first
    words = [
        c
        for c in head.lefts
        if c.dep_ in ("compound", "amod")
        and c.is_title
        and c.pos_ == "PROPN"
        and c.i not in index.tokens
    ]
    if not words:
        return kind, first
    return "-".join([w.lower_ for w in words] + [head.lower_]), min(first, words[0].i)


_ENDINGS: dict[int, tuple[Mapping[str, str], frozenset[str]]] = {}


def _phrase_endings(heads: Mapping[str, str]) -> frozenset[str]:
    """Every ending of a phrase of ``heads``: a head whose word is none of them ends none."""
    found = _ENDINGS.get(id(heads))
    if found is None or found[0] is not heads:
        endings = frozenset(key[i:] for key in heads for i in range(len(key)))
        found = _ENDINGS[id(heads)] = (heads, endings)
    return found[1]


def country_institutions(index: ActorIndex, gazetteer: Gazetteer, lex: Lexicon) -> None:
    """Every institution phrase of the document with its country, and bare ones resolved."""
    doc = index.doc
    cols = columns(doc)
    endings = _phrase_endings(lex.institution_heads)
    bare: list[tuple[Token, str, int]] = []
    lemma, pos, taken = cols.lemma, cols.pos, index.tokens
    # only a word some table phrase ends in can head one (_phrase finds none elsewhere)
    heads = [
        i
        for i, word in enumerate(cols.lower)
        if (word in endings or lemma[i] in _SPECIFIC) and pos[i] in ("NOUN", "PROPN")
    ]
    for i in heads:
        if i in taken:
            continue  # a name, or a phrase found before
        head = doc[i]
        if head.dep_ in ("compound", "amod") and head.head.pos_ in ("NOUN", "PROPN"):
            continue  # "police officer", "government forces": the phrase's own head decides
        found = _phrase(head, index, lex)
        if found is None:
            continue
        kind, first = found
        if kind == "ministry":
            kind = _ministry_kind(head)
        kind, first = _named_kind(head, kind, first, index)
        sector, _ = _kind_of(kind, lex)
        owner = _owner(head, first, index, sector, gazetteer)
        if owner is None:
            body = _body_of(head, index)
            if body is not None:
                # "officials of the Syrian military", "members of the UN": that body's people
                index.add(index.entities[body], _free(index, range(first, head.i + 1)), "")
                continue
            bare.append((head, kind, first))
            continue
        country, named = owner
        if named.i > head.i and named.conjuncts:
            continue  # "the navies of China, India and Oman": several countries' bodies
        _add_institution(index, gazetteer, lex, head, kind, first, country, named)
        _shared_head(index, gazetteer, lex, head, kind, named)
    _shared_named_heads(index, gazetteer, lex)
    _qualify_groups(index, gazetteer)
    bare += _foreign_common_names(index, lex)
    _bare_heads(index, gazetteer, lex, bare)


# Common nouns the alias table uses as one country's name for its body ("Congress"),
# with the kind they are of elsewhere; not institution heads of their own, for
# "the party congress" is no parliament.
_BODY_WORDS = {"congress": "parliament"}


def _foreign_common_names(index: ActorIndex, lex: Lexicon) -> list[tuple[Token, str, int]]:
    """A table's body named by a common noun in a story about another country.

    "Congress" is the US Congress in American news, but in a story whose one
    country is Ecuador ("a decision by Congress to fire the judges") it is
    Ecuador's: such a mention becomes a bare head of its kind, resolved as
    "the parliament" would be. Only when the story shows that one country's
    own bodies ("Ecuadorean police") and names nothing of the body's country.
    """
    countries = document_countries(index)
    out: list[tuple[Token, str, int]] = []
    if len(countries) != 1:
        return out
    home = countries[0]
    if not any(e.startswith(f"{home}-") for e in index.entities):
        return out  # "Congress voted aid to Ukraine": the story must show that country's own bodies
    doc = index.doc
    for ent_id, draft in list(index.entities.items()):
        if draft.type != "Organization" or not draft.country or draft.country in countries:
            continue
        if any(d.country == draft.country for e, d in index.entities.items() if e != ent_id):
            continue  # "President Bush asked Congress": the body's own country is there
        positions = sorted(i for i, e in index.tokens.items() if e == ent_id)
        kinds = {
            lex.institution_heads.get(doc[i].lower_) or _BODY_WORDS.get(doc[i].lower_)
            for i in positions
        }
        if not positions or None in kinds or len(kinds) != 1:
            continue  # named by its name somewhere ("the US Congress"), or by none
        kind = kinds.pop()
        for i in positions:
            del index.tokens[i]
            out.append((doc[i], kind, i))
        del index.entities[ent_id]
    return out


def _body_of(head: Token, index: ActorIndex) -> str | None:
    """The organization or group an "of"/"from" phrase after the head names, if any."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "from", "at"):
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                actor = index.tokens.get(obj.i)
                if actor is None and obj.lower_ in _PARTS:
                    # "leaders of Hamas' military wing": the part is its owner's
                    owner = next((c for c in obj.children if c.dep_ == "poss"), None)
                    actor = index.tokens.get(owner.i) if owner is not None else None
                if actor and index.entities[actor].type in ("Organization", "Group"):
                    return actor
    return None


# Parts of an organization that act as it: "Hamas' military wing", "the group's armed branch".
_PARTS = frozenset({"wing", "wings", "branch", "branches", "arm", "faction", "factions", "unit"})


def _shared_head(
    index: ActorIndex,
    gazetteer: Gazetteer,
    lex: Lexicon,
    head: Token,
    kind: str,
    named: Token,
    *,
    include: bool = False,
) -> None:
    """'Indian and Chinese troops': one head, a body of each country before it.

    The head stands for all of them (``index.groups``), as "they" stands for
    the actors named before it; each country's body is an entity.
    """
    if named.i > head.i or head.i not in index.tokens:
        return
    # include: ``named`` itself is the other country ("Iraqi" and the table's "American forces")
    candidates = [named] if include else named.conjuncts
    others = [
        c
        for c in candidates
        if c.i < head.i
        and (other := _country_token(c, index))
        and (include or other != index.tokens[named.i])
    ]
    if not others:
        return
    members = [index.tokens[head.i]]
    for token in others:
        country = index.tokens[token.i]
        known = _known_institution(gazetteer, lex, token.text, kind)
        if known is not None:
            draft = from_entry(known)
        else:
            sector, type_ = _kind_of(kind, lex)
            label = f"{index.entities[country].label} {kind}"
            draft = EntityDraft(f"{country}-{kind}", label, type_, country=country, sector=sector)
        members.append(index.add(draft, (), f"{token.text} {head.text}"))
    index.groups[head.i] = tuple(dict.fromkeys(members))


def _shared_named_heads(index: ActorIndex, gazetteer: Gazetteer, lex: Lexicon) -> None:
    """'Iraqi and American forces' where the tables know "American forces" (US military).

    A country conjoined before a table's body shares its head: that country's
    body of the same kind.
    """
    lower, heads = columns(index.doc).lower, lex.institution_heads
    for i in [i for i, word in enumerate(lower) if word in heads]:
        ent = index.tokens.get(i)
        if ent is None or i in index.groups:
            continue
        kind = heads[lower[i]]
        head = index.doc[i]
        for child in head.children:
            if (
                child.dep_ in _OWNER_DEPS
                and child.i < head.i
                and _country_token(child, index)
                and any(index.tokens.get(c.i) == ent for c in child.conjuncts)
            ):
                _shared_head(index, gazetteer, lex, head, kind, child, include=True)


def _add_institution(
    index: ActorIndex,
    gazetteer: Gazetteer,
    lex: Lexicon,
    head: Token,
    kind: str,
    first: int,
    country: str,
    named: Token | None,
) -> None:
    doc = head.doc
    sector, type_ = _kind_of(kind, lex)
    if named is not None and named.i > head.i:  # "the Parliament of Iraq"
        start = min([first] + [c.i for c in head.lefts if c.dep_ in ("compound", "amod")])
        end = named.i
        while index.tokens.get(end + 1) == country:
            end += 1
        span, own = doc[start : end + 1], range(start, named.i)
    else:
        start = first if named is None else min(first, named.i)
        while named is not None and start > 0 and _same_name(doc, start, index, country):
            start -= 1
        last = max(
            [head.i]
            + [
                t.i
                for p in head.rights
                if p.dep_ == "prep" and p.lower_ == "of" and kind.endswith("ministry")
                for t in p.subtree
                if index.tokens.get(t.i) is None
            ]
        )
        span, own = doc[start : last + 1], range(first, last + 1)
    country_text = named.text if named is not None else index.entities[country].label
    # "Indian and Chinese troops": India's are "Indian troops"
    shared = named is not None and any(c.i < head.i for c in named.conjuncts)
    text = surface(span)
    if shared and named is not None:
        start = named.i
        while start > 0 and index.tokens.get(start - 1) == index.tokens.get(named.i):
            start -= 1
        text = f"{doc[start : named.i + 1].text} {head.text}"
    known = _known_institution(gazetteer, lex, country_text, kind)
    if known is not None:
        draft = from_entry(known)
        draft.sector = draft.sector or sector
    else:
        label = text if named is not None else f"{index.entities[country].label} {kind}"
        draft = EntityDraft(
            id=f"{country}-{kind}",
            label=label,
            type=type_,
            country=country,
            sector=sector,
        )
    index.add(draft, _free(index, own), text)


def _same_name(doc, start: int, index: ActorIndex, country: str) -> bool:
    """The token before ``start`` is part of the same mention of the country.

    "the United States' troops", but not "JERUSALEM Israel's Parliament": a
    dateline naming the capital is another mention.
    """
    return index.tokens.get(start - 1) == country and doc[start].ent_iob_ == "I"


def _free(index: ActorIndex, positions: Iterable[int]) -> list[int]:
    return [i for i in positions if i not in index.tokens]


def _known_institution(
    gazetteer: Gazetteer, lex: Lexicon, country: str, kind: str
) -> ActorEntry | None:
    """The alias table's entry for a country's institution, under any head word of its kind.

    "Syrian warplanes" is the same actor as the table's "Syrian army".
    """
    for head, head_kind in lex.institution_heads.items():
        if head_kind == kind and " " not in head:  # "Syrian army" is the table's Syrian army
            entry = gazetteer.lookup(f"{country} {head}")
            if entry is not None and entry.type in ("Organization", "Group"):
                return entry
    return None


def _leaders_countries(index: ActorIndex) -> list[str]:
    """The countries of the persons a document names when it names no country itself.

    "The opposition boycotted the vote, accusing President Maduro of fraud":
    a story that names only Venezuela's leaders is about Venezuela.
    """
    seen: dict[str, None] = {}
    for i in sorted(index.tokens):
        draft = index.entities[index.tokens[i]]
        if draft.type == "Person" and draft.country:
            seen.setdefault(draft.country, None)
    return list(seen)


def _capitals_named(index: ActorIndex, gazetteer: Gazetteer) -> list[str]:
    """The countries whose capitals a document names as places, when it names no country
    and no leader: "The police clashed with protesters in Nairobi" is about Kenya."""
    seen: dict[str, None] = {}
    for ent in index.doc.ents:
        if ent.label_ not in ("GPE", "LOC", "Country") or ent.start in index.tokens:
            continue
        entry = _capital(ent.text, gazetteer, frozenset({"capital"}))
        if entry is not None:
            seen.setdefault(entry.id, None)
    return list(seen)


def document_countries(index: ActorIndex) -> list[str]:
    """The countries the document names, in order of first mention.

    A country named only inside another word ("US-backed rebels") is not one
    the story is about.
    """
    seen: dict[str, None] = {}
    texts = columns(index.doc).text
    for i in sorted(index.tokens):
        ent = index.tokens[i]
        if index.entities[ent].type == "Country" and not _hyphen_beside(texts, i):
            seen.setdefault(ent, None)
    return list(seen)


def _qualify_groups(index: ActorIndex, gazetteer: Gazetteer) -> None:
    """'Syrian rebels': a generic group tied to a country is that country's group."""
    doc = index.doc
    for i in sorted(index.tokens):
        ent = index.tokens.get(i)
        draft = index.entities[ent]
        if not draft.generic or draft.country or index.tokens.get(i + 1) == ent:
            continue  # only the last word of a generic mention ("rebel groups")
        head = doc[i]
        first = i
        while first > 0 and index.tokens.get(first - 1) == ent:
            first -= 1
        group = _named_group(head, first, index)
        if group is not None:
            # "Houthi militants", "Hamas fighters": the group the name before says
            index.add(index.entities[group], range(first, i + 1), "")
            continue
        owner = _owner(head, first, index, draft.sector or "", gazetteer)
        if owner is None:
            continue
        _group_of(index, ent, owner[0], range(first, i + 1), owner[1])


def _named_group(head: Token, first: int, index: ActorIndex) -> str | None:
    """A named armed group or movement right before a generic head ("Houthi militants")."""
    for c in head.lefts:
        if c.dep_ not in ("compound", "amod", "nmod") or c.i != first - 1:
            continue
        actor = index.tokens.get(c.i)
        draft = index.entities.get(actor) if actor else None
        if draft is not None and draft.type == "Group" and not draft.generic:
            return actor
    return None


def _group_of(
    index: ActorIndex,
    group: str,
    country: str,
    tokens: range,
    named: Token | None,
) -> str:
    doc = index.doc
    generic = index.entities[group]
    start = tokens.start if named is None else min(tokens.start, named.i)
    while named is not None and start > 0 and _same_name(doc, start, index, country):
        start -= 1  # "Hong Kong protesters", not "Kong protesters"
    span = doc[start : tokens.stop]
    label = surface(span) if named is not None else generic.label
    draft = EntityDraft(
        id=f"{country}-{group}",
        label=label,
        type="Group",
        country=country,
        sector=generic.sector,
        generic=True,
        incidental=generic.incidental,
    )
    return index.add(draft, tokens, surface(span))


def _bare_heads(
    index: ActorIndex, gazetteer: Gazetteer, lex: Lexicon, bare: list[tuple[Token, str, int]]
) -> None:
    """'the government', 'authorities said', 'rebels': the document's one such actor.

    The one entity of that kind the document already has; failing that, that
    of the one country the document names. A bare head in a story about
    several countries stays unresolved.
    """
    doc = index.doc
    if not bare and not any(d.generic and not d.country for d in index.entities.values()):
        _drop_unmentioned(index)  # nothing below could resolve
        return
    countries = (
        document_countries(index) or _leaders_countries(index) or _capitals_named(index, gazetteer)
    )
    only = countries[0] if len(countries) == 1 else None
    by_kind: dict[str, set[str]] = {}
    named = set(index.tokens.values())
    for ent_id, draft in index.entities.items():
        if draft.country and ent_id.startswith(f"{draft.country}-"):
            by_kind.setdefault(ent_id[len(draft.country) + 1 :], set()).add(ent_id)
        elif draft.type == "Organization" and draft.country and ent_id in named:
            # a named institution of the tables: "the British parliament" (uk-parliament)
            kind = lex.institution_heads.get(draft.label.split()[-1].lower())
            if kind:
                by_kind.setdefault(kind, set()).add(ent_id)
    for head, kind, first in bare:
        if head.i in index.tokens or not _definite(head, first):
            continue
        ruler = _of_person(head, index)
        if ruler is not None:
            # "the government of Abdrabbuh Mansur Hadi": the person's country's
            country = index.entities[ruler].country
            entry = gazetteer.get(country) if country else None
            if entry is not None:
                index.add(from_entry(entry), (), "")
                _add_institution(index, gazetteer, lex, head, kind, first, entry.id, None)
            continue
        owners = by_kind.get(kind, set())
        if len(owners) == 1:
            index.add(index.entities[next(iter(owners))], range(first, head.i + 1), _bare(head))
        elif not owners and only is not None and (entry := gazetteer.get(only)) is not None:
            index.add(from_entry(entry), (), "")  # a leader's or capital's country, unnamed
            _add_institution(index, gazetteer, lex, head, kind, first, only, None)
            by_kind.setdefault(kind, set()).add(f"{only}-{kind}")
    for i in sorted(index.tokens):
        ent = index.tokens.get(i)
        draft = index.entities.get(ent) if ent else None
        if draft is None or not draft.generic or draft.country or index.tokens.get(i + 1) == ent:
            continue
        owners = by_kind.get(ent, set())
        first = i
        while first > 0 and index.tokens.get(first - 1) == ent:
            first -= 1
        if len(owners) == 1:
            # only a group the text itself tied to a country: "militants attacked Iraq"
            # says nothing of whose militants they are
            index.add(index.entities[next(iter(owners))], range(first, i + 1), _bare(doc[i]))
    _drop_unmentioned(index)


def _bare(head: Token) -> str:
    """A bare mention as written: 'the government' -> 'government'."""
    return surface(head.doc[min(t.i for t in head.subtree if t.i <= head.i) : head.i + 1])


def _drop_unmentioned(index: ActorIndex) -> None:
    """Generic groups whose every mention now belongs to a country's group."""
    used = set(index.tokens.values())
    for ent_id in [e for e, d in index.entities.items() if d.generic and e not in used]:
        del index.entities[ent_id]


def _of_person(head: Token, index: ActorIndex) -> str | None:
    """The person in "the government of X", if any."""
    for obj in pobjs(head, frozenset({"of"})):
        actor = index.tokens.get(obj.i)
        if actor and index.entities[actor].type == "Person":
            return actor
    return None


def _definite(head: Token, first: int) -> bool:
    """'the government', 'Government', 'authorities said': one particular body.

    Not "a government", "their government", nor a head with words of its own
    before it ("world leaders", "foreign officials", "local police").
    """
    if any(c.dep_ in _OWNER_DEPS | {"nummod"} and c.i < first for c in head.children):
        return False
    dets = [c for c in head.children if c.dep_ in ("det", "poss")]
    if dets:
        return all(d.lower_ in _DEFINITE for d in dets)
    return head.tag_ in ("NNS", "NNPS") or head.text[0].isupper() or head.lower_ in ("police",)


# Where an agent noun sits when it heads its own phrase ("officials said", "told
# the officials"), not when it is a title before a name ("Foreign Minister Lavrov").
_PHRASE_HEAD_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr"})


def agent_phrases(index: ActorIndex, lex: Lexicon) -> None:
    """'a US official', 'a spokesman for Iran': people who act for an actor stand for it.

    The agent noun is mapped to the actor (no new mention), so that relation
    rules and pronouns ("their government") can reach the actor through it.
    """
    doc = index.doc
    cols = columns(doc)
    for i in cols.where(cols.lower, lex.agent_nouns):
        token = doc[i]
        if token.i in index.tokens:
            continue
        if token.dep_ not in _PHRASE_HEAD_DEPS:
            continue
        actor = index.actor_of(token)
        if actor is None:
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "in", "for"):
                    actor = next(
                        (
                            index.tokens[c.i]
                            for c in prep.children
                            if c.dep_ == "pobj" and c.i in index.tokens
                        ),
                        None,
                    )
                    if actor:
                        break
        if actor is not None and index.entities[actor].type in ("Country", "Organization"):
            index.tokens[token.i] = actor
