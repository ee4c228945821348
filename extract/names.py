"""Names that span what the tagger split, and titles that stand for a person.

- "the Friends of Sudan", "the University of Essex": a name NER cut before
  "of <place>" ("Friends") is the whole name, not a mention of Sudan;
- "the UN Integrated Transition Assistance Mission to Sudan (UNITAMS)": an
  acronym in parentheses after a name is that actor, here and wherever the
  text repeats it; a name the tables do not know becomes an organization;
- "United States Senator from Vermont Bernie Sanders endorsed ...": the title
  word that heads the subject stands for the person it introduces;
- "the Secretary", "the Prime Minister": a bare title with "the" is the one
  person of the document who holds it.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from geokg.extract.columns import columns
from geokg.extract.ids import slugify
from geokg.extract.index import ActorIndex, EntityDraft
from geokg.extract.lexicon import Lexicon

__all__ = [
    "demonym_bodies",
    "demonym_led_name",
    "named_after_place",
    "parenthesized_acronyms",
    "title_heads",
    "titled_persons",
]

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,9}(?:-[A-Z0-9]{1,5})?$")
# Words a long name may hold in lower case ("Organisation of Islamic Cooperation").
_NAME_GLUE = frozenset(
    {"of", "and", "for", "to", "on", "the", "in", "de", "al", "-", "&", "'s", "’s"}
)
# Dependencies through which a title word heads the name it introduces.
_TITLE_PATH = frozenset({"compound", "pobj", "prep", "appos", "nmod", "npadvmod"})
_PLACE_TYPES = frozenset({"Country", "Location"})
# Last words of the names of bodies ("Friends of Syria", "Bank of England").
_BODY_WORDS = frozenset(
    """friends bank university college council office court union party front movement
    church league commission committee agency authority institute academy association
    federation chamber assembly board service fund foundation society alliance coalition
    group army forces force guard brigade brigades corps department embassy senate
    mission""".split()
)


def named_after_place(span: Span, index: ActorIndex) -> Span:
    """'Friends' + 'of Sudan' -> 'Friends of Sudan': the place belongs to the name.

    Only for a capitalized name right before "of [the] <place>"; the place's
    tokens stop being a mention of it.
    """
    doc = span.doc
    i = span.end
    if i + 1 >= len(doc) or doc[i].lower_ != "of" or not all(t.is_title for t in span):
        return span
    if span[-1].lower_ not in _BODY_WORDS:
        return span  # "President Patrice Talon of Benin" is a person of Benin
    j = i + 1
    if doc[j].lower_ == "the":
        j += 1
    place = index.tokens.get(j)
    if place is None or index.entities[place].type not in _PLACE_TYPES:
        return span
    end = j
    while end + 1 < len(doc) and index.tokens.get(end + 1) == place:
        end += 1
    for k in range(j, end + 1):
        del index.tokens[k]
    out = doc[span.start : end + 1]
    out.label_ = span.label_
    return out


# Last words of names that begin with a demonym ("American University").
_DEMONYM_BODIES = _BODY_WORDS | frozenset(
    "university academy airlines airways institute museum library church school".split()
)


def demonym_bodies(index: ActorIndex, gazetteer) -> None:
    """'American University', 'British Airways': a demonym and capitalized words ending in a
    body's word name a body, not the country (the ruler tagged the demonym first)."""
    doc = index.doc
    for i in range(len(doc)):
        country = index.tokens.get(i)
        if country is None or index.entities[country].type != "Country":
            continue
        t = doc[i]
        if gazetteer.kind(t.text) != "demonym" or index.tokens.get(t.i - 1) == country:
            continue
        end = t.i + 1
        while end < len(doc) and doc[end].is_title and end not in index.tokens:
            end += 1
        if end - t.i < 2 or doc[end - 1].lower_ not in _DEMONYM_BODIES:
            continue
        name = doc[t.i : end]
        del index.tokens[t.i]
        index.add(
            EntityDraft(id=slugify(name.text), label=name.text, type="Organization"),
            range(name.start, name.end),
            name.text,
        )


def demonym_led_name(span: Span, index: ActorIndex, gazetteer) -> Span | None:
    """'American University', 'British Airways': a body whose name begins with a demonym.

    The demonym stops being a mention of its country; the caller takes the name.
    """
    if len(span) < 2 or span[-1].lower_ not in _DEMONYM_BODIES:
        return None
    first = index.tokens.get(span.start)
    if first is None or index.entities[first].type != "Country":
        return None
    if gazetteer.kind(span[0].text) != "demonym":
        return None
    if any(t.i in index.tokens for t in span[1:]):
        return None
    del index.tokens[span.start]
    return span


def _long_form(doc, paren: int) -> tuple[int, int] | None:
    """Token range of the capitalized name that ends right before the '(' at ``paren``."""
    start = paren
    while start > 0:
        prev = doc[start - 1]
        if (prev.is_title or prev.is_upper) and prev.is_alpha:
            start -= 1
        elif prev.lower_ in _NAME_GLUE and start < paren:
            start -= 1
        else:
            break
    while start < paren and doc[start].lower_ in _NAME_GLUE:
        start += 1
    return (start, paren) if paren - start >= 2 else None


def parenthesized_acronyms(index: ActorIndex, lex: Lexicon) -> None:
    """'<Name> (ACRONYM)': the acronym and the name are one actor, everywhere in the text."""
    doc = index.doc
    lower = columns(doc).lower
    for i in range(1, len(doc) - 1):
        # only "(" lower-cases to "("
        if lower[i - 1] != "(" or lower[i + 1] != ")":
            continue
        t = doc[i]
        if not _ACRONYM.match(t.text):
            continue
        found = _long_form(doc, t.i - 1)
        if found is None:
            continue
        start, end = found
        # "Deputy Directors of the Liaison Office ... (LOCPG)": the body, not the title
        # before it; "Member of Parliament (MP)" is a title, not a body
        while start < end and (
            doc[start].lower_ in lex.title_words
            or doc[start].lower_.removesuffix("s") in lex.role_nouns
            or doc[start].lower_ in _NAME_GLUE
        ):
            start += 1
        if end - start < 2:
            continue
        name = doc[start:end]
        inside = {index.tokens[i] for i in range(start, end) if i in index.tokens}
        whole = {index.tokens.get(i) for i in range(start, end)}
        if len(whole) == 1 and None not in whole:
            # "the Democratic Republic of the Congo (DRC)": the acronym of a known name
            known = whole.pop()
            for same in doc:
                if same.text == t.text and index.tokens.get(same.i) in (None, slugify(t.text)):
                    index.add(index.entities[known], [same.i], t.text)
            if slugify(t.text) != known and slugify(t.text) not in index.tokens.values():
                index.entities.pop(slugify(t.text), None)
            continue
        owner = index.tokens.get(t.i)
        bodies = sorted(e for e in inside if index.entities[e].type in ("Organization", "Group"))
        places = {e for e in inside if index.entities[e].type in _PLACE_TYPES}
        long_owner = bodies[0] if len(bodies) == 1 and len(inside) == len(places) + 1 else None
        if long_owner is not None and long_owner != slugify(index.entities[long_owner].label):
            long_owner = None  # a known body heads another one: "UN Mission to Sudan (UNITAMS)"
        first_named = next((index.tokens[i] for i in range(start, end) if i in index.tokens), None)
        if long_owner is not None and first_named != long_owner:
            long_owner = None  # the body must begin the name: "... Mission to Sudan" is not Sudan's
        if long_owner is not None:
            # "the Liaison Office of the Central People's Government of the Hong Kong SAR
            # (LOCPG)": the body NER found is the start of the whole name
            for i in range(start, end):
                if index.tokens.get(i) in places:
                    del index.tokens[i]
        if owner is None or (long_owner and owner == slugify(t.text) != long_owner):
            # "the African Union (AU)"; an acronym NER made an actor of its own joins the name
            owner = long_owner or owner
        if owner is not None and index.entities[owner].type not in ("Organization", "Group"):
            continue
        if owner is None or (owner == slugify(t.text) and owner not in inside):
            if any(
                index.entities[e].type not in _PLACE_TYPES and e == slugify(index.entities[e].label)
                for e in inside
            ):
                continue  # the name holds another name NER found: not one name
            for i in range(start, end):
                # "the UN ... Mission to Sudan (UNITAMS)": the UN and Sudan are in the name
                index.tokens.pop(i, None)
            if owner is None:
                draft = EntityDraft(id=slugify(name.text), label=name.text, type="Organization")
                owner = index.add(draft, range(start, end), name.text)
            else:
                index.entities[owner].label = name.text  # the acronym NER made an actor of
        free = [i for i in range(start, end) if i not in index.tokens]
        index.add(index.entities[owner], free, name.text if free else "")
        index.entities[owner].mentions.setdefault(name.text, None)
        for same in doc:
            if same.text == t.text and index.tokens.get(same.i) in (None, slugify(t.text)):
                index.add(index.entities[owner], [same.i], t.text)
        if owner != slugify(t.text) and slugify(t.text) not in index.tokens.values():
            index.entities.pop(slugify(t.text), None)  # the acronym's own entity is merged


def title_heads(index: ActorIndex, lex: Lexicon) -> None:
    """'Senator from Vermont Bernie Sanders': the title word heading the name is the person."""
    doc = index.doc
    for i, ent in list(index.tokens.items()):
        if index.entities[ent].type != "Person" or index.tokens.get(i + 1) == ent:
            continue
        t, steps = doc[i], 0
        while t.dep_ in _TITLE_PATH and t.head.i != t.i and steps < 3:
            t, steps = t.head, steps + 1
            if t.i < i and t.lower_ in lex.title_words and t.i not in index.tokens:
                index.tokens[t.i] = ent
                break
            if t.i in index.tokens:
                break


def titled_persons(index: ActorIndex, lex: Lexicon) -> None:
    """'the Secretary', 'the Prime Minister': the one person of the document with that title."""
    doc = index.doc
    persons = {
        ent: (draft.role or "").lower().split()
        for ent, draft in index.entities.items()
        if draft.type == "Person" and draft.role
    }
    cols = columns(doc)
    for i in cols.where(cols.lower, lex.title_words):
        if i in index.tokens:
            continue
        t = doc[i]
        if t.pos_ not in ("NOUN", "PROPN") or t.dep_ in ("compound", "amod"):
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
            continue
        if any(
            c.dep_ in ("compound", "amod", "poss") or (c.dep_ == "prep" and c.lower_ == "of")
            for c in t.children
        ):
            continue  # "the Greek prime minister", "the president of Chile": someone else
        holders = [ent for ent, words in persons.items() if t.lower_ in words]
        if len(holders) == 1:
            index.tokens[t.i] = holders[0]
            index.pronouns.add(t.i)
