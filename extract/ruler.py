"""The gazetteer's entity ruler, compiled to phrase look-ups.

spaCy's ``entity_ruler`` puts token patterns into a ``Matcher``, which tries
every pattern at every token: with the gazetteer's ~5,200 patterns that
costs more than the whole neural pipeline. Nearly every gazetteer pattern is
a fixed word sequence compared by ``LOWER`` or ``ORTH``, with optional
hyphens and a few alternatives; :class:`GazetteerRuler` expands those into
``PhraseMatcher`` entries (one hash look-up per token); one-token regular
expressions are tried once per distinct word form and remembered; anything
else would go to a ``Matcher``. It then filters and sets
the matches exactly as ``EntityRuler`` does, so ``doc.ents`` come out the
same.
"""

from __future__ import annotations

import itertools
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

__all__ = ["FACTORY", "GazetteerRuler", "register"]

FACTORY = "geokg_gazetteer_ruler_v1"

# Token-pattern keys that compile to a phrase: a word compared by its lower case or exact text.
_PHRASE_ATTRS = frozenset({"LOWER", "ORTH"})
# Keys of one-token regular-expression patterns; the result is a function of the word form.
_REGEX_ATTRS = frozenset({"TEXT", "ORTH", "LOWER"})
_OPTIONAL = "?"
_MEMO_LIMIT = 1 << 20


class GazetteerRuler:
    """An ``entity_ruler`` for fixed-word patterns: same entities, phrase-matcher speed.

    Patterns are ``entity_ruler`` token patterns (``{"label", "pattern", "id"}``).
    A pattern made only of ``LOWER``/``ORTH`` tokens (a string or ``{"IN": [...]}``,
    optionally ``"OP": "?"``) becomes one phrase per alternative; any other
    pattern goes to a ``Matcher`` unchanged.

    Example:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> ruler = GazetteerRuler(nlp.vocab, overwrite_ents=True)
        >>> ruler.add_patterns([{"label": "Country", "id": "GNB", "pattern": [
        ...     {"LOWER": "guinea"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "bissau"}]}])
        >>> [(e.text, e.ent_id_) for e in ruler(nlp("Guinea-Bissau and guinea bissau")).ents]
        [('Guinea-Bissau', 'GNB'), ('guinea bissau', 'GNB')]
    """

    def __init__(self, vocab, *, overwrite_ents: bool = False, ent_id_sep: str = "||") -> None:
        self.vocab = vocab
        self.overwrite = overwrite_ents
        self.ent_id_sep = ent_id_sep
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self.matcher = Matcher(vocab)
        # phrase key -> (match id, exact texts required at positions of the phrase)
        self._phrase_keys: dict[int, tuple[int, tuple[tuple[int, str], ...]]] = {}
        self._by_signature: dict[tuple[int, tuple[tuple[int, str], ...]], str] = {}
        self._ent_ids: dict[int, tuple[str, str]] = {}
        # one-token regular expressions (attribute, pattern, match id); their results per word form
        self._regexes: list[tuple[str, re.Pattern[str], int]] = []
        self._regex_memo: dict[int, tuple[int, ...]] = {}
        self.n_patterns = 0

    def add_patterns(self, patterns: Iterable[Mapping[str, Any]]) -> None:
        """Add ``entity_ruler`` token patterns."""
        pending: dict[str, list[Doc]] = {}
        for entry in patterns:
            label = str(entry["label"])
            key_text = f"{label}{self.ent_id_sep}{entry['id']}" if entry.get("id") else label
            match_id = self.vocab.strings.add(key_text)
            if entry.get("id"):
                self._ent_ids[match_id] = (label, str(entry["id"]))
            pattern = entry["pattern"]
            if not isinstance(pattern, list):
                raise ValueError(f"GazetteerRuler takes token patterns (lists), got {pattern!r}")
            self.n_patterns += 1
            regex = _one_token_regex(pattern)
            if regex is not None:
                self._regexes.append((regex[0], re.compile(regex[1]), match_id))
                self._regex_memo.clear()
                continue
            variants = _phrase_variants(pattern)
            if variants is None:
                self.matcher.add(key_text, [pattern])
                continue
            for words in variants:
                exact = tuple((i, text) for i, (attr, text) in enumerate(words) if attr == "ORTH")
                phrase_key = self._phrase_key(match_id, exact)
                pending.setdefault(phrase_key, []).append(
                    Doc(self.vocab, words=[text.lower() for _, text in words])
                )
        for phrase_key, docs in pending.items():
            self.phrases.add(phrase_key, docs)

    def _phrase_key(self, match_id: int, exact: tuple[tuple[int, str], ...]) -> str:
        signature = (match_id, exact)
        key = self._by_signature.get(signature)
        if key is None:
            key = f"geokg-phrase-{len(self._by_signature)}"
            self._by_signature[signature] = key
            self._phrase_keys[self.vocab.strings.add(key)] = signature
        return key

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(match id, start, end)`` of every pattern match, longest first (as ``EntityRuler``)."""
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            matches = list(self.matcher(doc)) if len(self.matcher) else []
        if self._regexes:
            if len(self._regex_memo) > _MEMO_LIMIT:
                self._regex_memo.clear()  # bounded on an endless stream of new words
            memo = self._regex_memo
            for i, orth in enumerate(doc.to_array(ORTH).tolist()):
                ids = memo.get(orth)
                if ids is None:
                    ids = memo[orth] = self._regex_ids(doc[i].text)
                matches.extend((m_id, i, i + 1) for m_id in ids)
        for phrase_key, start, end in self.phrases(doc):
            match_id, exact = self._phrase_keys[phrase_key]
            if all(doc[start + i].text == text for i, text in exact):
                matches.append((match_id, start, end))
        final = {(m_id, start, end) for m_id, start, end in matches if start != end}
        return sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)

    def _regex_ids(self, text: str) -> tuple[int, ...]:
        # the Matcher's REGEX predicate: re.search on the attribute's string
        lower = text.lower()
        return tuple(
            m_id
            for attr, rx, m_id in self._regexes
            if rx.search(lower if attr == "LOWER" else text)
        )

    def set_annotations(self, doc: Doc, matches: Sequence[tuple[int, int, int]]) -> None:
        """Set the matches as entities: spaCy 3.8's ``EntityRuler.set_annotations``."""
        entities = list(doc.ents)
        new_entities = []
        seen_tokens: set[int] = set()
        for match_id, start, end in matches:
            if not self.overwrite and any(t.ent_type for t in doc[start:end]):
                continue
            # boundaries are inclusive, hence end - 1
            if start not in seen_tokens and end - 1 not in seen_tokens:
                if match_id in self._ent_ids:
                    label, ent_id = self._ent_ids[match_id]
                    span = Span(doc, start, end, label=label, span_id=ent_id)
                else:
                    span = Span(doc, start, end, label=match_id)
                new_entities.append(span)
                entities = [e for e in entities if not (e.start < end and e.end > start)]
                seen_tokens.update(range(start, end))
        doc.ents = entities + new_entities


def _one_token_regex(pattern: list[dict[str, Any]]) -> tuple[str, str] | None:
    """``(attribute, expression)`` of a one-token pattern matched by a regular expression."""
    if len(pattern) != 1 or len(pattern[0]) != 1:
        return None
    ((attr, value),) = pattern[0].items()
    if attr in _REGEX_ATTRS and isinstance(value, dict) and list(value) == ["REGEX"]:
        return attr, value["REGEX"]
    return None


def _phrase_variants(pattern: list[dict[str, Any]]) -> list[list[tuple[str, str]]] | None:
    """Every fixed word sequence a token pattern matches, or None if it is not that simple.

    Each word is ``(attr, text)``; ``LOWER`` words must already be lower case
    (a ``LOWER`` value that is not can only be matched by the ``Matcher``).
    """
    choices: list[list[tuple[str, str] | None]] = []
    for token in pattern:
        op = token.get("OP")
        keys = [k for k in token if k != "OP"]
        if op not in (None, _OPTIONAL) or len(keys) != 1 or keys[0] not in _PHRASE_ATTRS:
            return None
        attr, value = keys[0], token[keys[0]]
        if isinstance(value, dict):
            if list(value) != ["IN"]:
                return None
            values = list(value["IN"])
        else:
            values = [value]
        if not values or not all(isinstance(v, str) and v and not v.isspace() for v in values):
            return None
        if attr == "LOWER" and any(v != v.lower() for v in values):
            return None
        alternatives: list[tuple[str, str] | None] = [(attr, v) for v in dict.fromkeys(values)]
        if op == _OPTIONAL:
            alternatives.append(None)
        choices.append(alternatives)
    variants = []
    for combo in itertools.product(*choices):
        words = [w for w in combo if w is not None]
        if words:
            variants.append(words)
    return variants


def _make_ruler(nlp: Language, name: str, overwrite_ents: bool, ent_id_sep: str) -> GazetteerRuler:
    return GazetteerRuler(nlp.vocab, overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep)


def register() -> None:
    """Register the ``geokg_gazetteer_ruler_v1`` factory (on first use, not on import)."""
    if not Language.has_factory(FACTORY):
        Language.factory(
            FACTORY,
            assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
            default_config={"overwrite_ents": False, "ent_id_sep": "||"},
            func=_make_ruler,
        )
