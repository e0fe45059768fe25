"""Relevance: is an article about telecom and online fraud, or the fight against it?

Pure: text in, score and matched terms out. The lexicon is a data file
(``archive/data/lexicon.tsv``; ``RELEVANCE_LEXICON`` points at another) of weighted terms of five
kinds. Each term found counts ``weight × (√count in body + TITLE_FACTOR × count in title + LEAD_FACTOR
if in the lead)`` (the lead: the body's first ``LEAD_CHARS`` characters), only
the longest term at each position, in Simplified script with the mainland's words for Taiwan's (網路 → 网络,
簡訊 → 短信: OpenCC's tw2sp) and lower case whatever the page's script:

- ``telecom``, ``scheme``, ``chain``, ``response`` terms (电诈, 杀猪盘, 跑分, 国家反诈中心 …) count as
  they are;
- ``crime`` terms (诈骗, 骗案 …) say fraud, not which kind: they count in full beside two or more
  distinct ``channel`` words (电话, 短信, 微信, App, 转账 …), half beside one (nothing beside a lone word that names no
  medium, 假冒 or 境外), nothing without, and
  up to double beside four or more;
- ``offline`` terms (合同诈骗, 骗保, 非法集资, 会销 …) are subtracted;
- a sentence that tells a scam through its channels (a crime term beside ``NARRATIVE_CHANNELS``
  distinct channel words: 收到陌生短信……点击链接下载App……客服……充值……被骗) adds ``NARRATIVE_WEIGHT``,
  for up to ``MAX_NARRATIVES`` sentences (when the title names the crime, a sentence with one channel word more
  needs no crime word of its own: 少年玩游戏被骗 over a story told only through QQ, 微信, 二维码, 充值 …),
  and its crime terms count however few they are: a victim's
  story names few fraud words but many channels, all in one sentence, where an article on something
  else mentions 诈骗 in passing;
- a scam named by its channel in words the lexicon lacks (a channel word that names a medium, not one of
  ``COMPOUND_EXCLUDED``, up to six characters of the same clause, then 诈骗/骗局/骗案/欺诈: 网上求职骗案,
  网络关键词诈骗) adds ``COMPOUND_WEIGHT`` for each distinct phrase, which is kept with the matched terms;
- posing as a company's customer service, whatever the company (冒充航空公司客服, 自称某快递公司客服), as an official
  (冒充政府官员) or as a buyer placing a large order (自称是某武警中队的采购人员) adds ``IMPERSONATION_WEIGHT`` for
  each distinct phrase, also kept with the matched terms;
- a text whose only evidence is one term named once, or one sentence, past the lead and not in the title, scores
  ``PASSING_FACTOR`` of its strongest term's weight: a data-leak explainer's 例如遭遇电信诈骗 and a nuisance-call
  report's 推进电信网络诈骗防范治理，拦截涉诈电话 name fraud in passing; so does a roundup of crime at large (``other``
  terms: 命案, 刑事案件, 毒品 …, ``ROUNDUP_OTHERS`` of them or more) whose every mention of fraud sits in a sentence
  with another crime or in a list of them (刑事案件立案数下降4.8%……电信网络诈骗立案数同比下降23.8%……命案破案率);
- ``none`` phrases (骗我国) hold a term and mean something else: the longest match takes them, and they count for
  nothing.

A 合同诈骗 court report, a street con and a 财务造假 case mention 诈骗 without a phone or a
network; an anti-fraud notice names the channel. The matched terms (channels aside) are kept with
the article (``relevance_terms``), so every decision can be read back.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from archive.datafile import data_text
from archive.hanzi import TO_MAINLAND

DEFAULT_LEXICON = Path(__file__).with_name("data") / "lexicon.tsv"  # where it lives in a checkout
TITLE_FACTOR = 2.0
#: the lead (the body's first characters) says what an article is about: its terms count this much more
LEAD_CHARS = 150
LEAD_FACTOR = 1.0


KINDS = ("telecom", "crime", "scheme", "chain", "response", "channel", "offline", "other", "none")
#: kinds that add nothing to a score and are not shown in ``relevance_terms``; ``none`` lists a phrase that holds a
#: term and means something else (欺骗我国 holds 骗我), so that the longest match takes it
SILENT = ("channel", "other", "none")
#: distinct ``other`` crimes (命案, 毒品, 盗窃 …) that make a text a roundup of crime at large
ROUNDUP_OTHERS = 2
#: distinct channel words that give crime terms their full weight
CHANNELS_FOR_FULL_CREDIT = 2
#: many distinct channels (a story told through 游戏, 充值, 社交, 转账 …) count crime terms up to double
MAX_CHANNEL_FACTOR = 2.0
#: crime terms count from this much on (a single 诈骗 weighs 2: a passing mention is not a subject)
MIN_CRIME_EVIDENCE = 2.5
#: a sentence with a crime term and this many distinct channel words tells a telecom or online scam
NARRATIVE_CHANNELS = 3
NARRATIVE_WEIGHT = 1.5
MAX_NARRATIVES = 3
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
#: a channel word, up to six characters of the same clause, a fraud noun: 网上求职骗案, 网络关键词诈骗
CHANNEL_COMPOUND = r"[^，。,；;！？、\s“”\"]{0,6}?(?:诈骗|骗局|骗案|欺诈|诈欺)"
#: each distinct such phrase counts as much as one telecom term named once
COMPOUND_WEIGHT = 2.0
#: channel words that do not name a medium, so open no such phrase: impersonation (假冒茅台诈骗 is a counterfeit
#: sale), money and places (境外赌场诈骗, 银行卡, 转账), and schemes that exist offline too (理赔, 婚恋, 兼职, 快递)
COMPOUND_EXCLUDED = frozenset("冒充 冒认 假冒 伪冒 境外 转账 汇款 银行卡 客服 平台 理赔 婚恋 兼职 快递".split())
#: a scam that opens by posing as a company's customer service, whatever company it names (冒充航空公司客服,
#: 假冒快递公司客服人员, 自称某平台客服): customer service is reached by phone or online, so the phrase names a telecom
#: scam; the lexicon lists the common ones (冒充客服, 冒充电商客服), this finds the others. Not 工作人员 or 民警:
#: a fake gas inspector or policeman at the door is a street con. Officials too, whatever office is named (冒充政府官员,
#: 自称是新加坡金融管理局官员): the lexicon's 冒充官员 and 假冒官员 with words between; and a buyer's large order by
#: phone in a trusted name (自称是某武警中队的采购人员, 假冒消防工作人员采购食材: the 冒充军警购物 scam). Hong Kong
#: writes 扮 for 冒充 (騙徒扮內地官員, 扮成銀行職員; not 打扮, 扮演). And a bank's staff (冒充某银行工作人员):
#: they phone
IMPERSONATED_SERVICE = re.compile(r"(?:冒充|假冒|仿冒|伪冒|冒认|假扮|伪装成?|自称是?|(?<![打装假])扮(?!演|相))"
                                  r"[^，。,；;！？、\s“”\"]{0,8}?(?:客服|官员|采购|银行的?(?:工作人员|职员|人员|员工|经理))")
#: each distinct such phrase counts as the lexicon's 冒充客服 does (more in the title or the lead)
IMPERSONATION_WEIGHT = 3.0
#: the score of a text whose only evidence is one term named once, or one sentence, past the lead and not in the title
#: (a data-leak explainer's 例如遭遇精准电信诈骗, a nuisance-call report's 拦截涉诈电话 statistic), as a share of its
#: strongest term's weight: a passing mention is not a subject
PASSING_FACTOR = 0.5


@dataclass(frozen=True)
class Lexicon:
    weights: dict[str, float]
    pattern: re.Pattern  # the terms that start with a Han character or a sign, longest first
    kinds: dict[str, str] = field(default_factory=dict)  # term -> kind (default: scheme)
    compound: re.Pattern | None = None  # a channel word, a few characters, a fraud noun (see CHANNEL_COMPOUND)
    latin: re.Pattern | None = None  # the terms that start with a Latin letter or a digit (see latin_pattern)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        """The lexicon at ``path``; by default the one shipped in the package (read as a package
        resource, so it loads from a zipped egg under scrapyd too)."""
        return cls.from_lines(data_text("lexicon.tsv", path).splitlines())

    @classmethod
    def from_lines(cls, lines: list[str]) -> Lexicon:
        """Parse lexicon lines (TERM, WEIGHT, …; # comments).

        >>> Lexicon.from_lines(["# comment", "反诈\\t4\\tresponse", "诈骗\\t1.5"]).weights
        {'反诈': 4.0, '诈骗': 1.5}
        """
        weights: dict[str, float] = {}
        kinds: dict[str, str] = {}
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            columns = line.split("\t")
            term = mainland(columns[0].strip())
            if term in weights:  # a second line would silently override the first (and its kind)
                raise ValueError(f"lexicon line {number}: {term!r} is listed twice")
            try:
                weights[term] = float(columns[1]) if len(columns) > 1 and columns[1].strip() else 1.0
            except ValueError as exc:
                raise ValueError(f"lexicon line {number}: weight {columns[1]!r} is not a number") from exc
            kind = columns[2].strip() if len(columns) > 2 and columns[2].strip() else "scheme"
            if kind not in KINDS:
                raise ValueError(f"lexicon line {number}: kind {kind!r} is not one of {', '.join(KINDS)}")
            kinds[term] = kind
        if not weights:
            raise ValueError("the lexicon has no terms")
        ordered = sorted(weights, key=len, reverse=True)  # longest first: the longest term wins
        channels = [t for t in ordered if kinds[t] == "channel" and t not in COMPOUND_EXCLUDED]
        compound = re.compile(f"(?:{'|'.join(re.escape(t) for t in channels)}){CHANNEL_COMPOUND}") if channels else None
        latin = [t for t in ordered if _latin(t[0])]
        others = [t for t in ordered if not _latin(t[0])] or ["(?!)"]
        return cls(weights, re.compile("|".join(re.escape(t) for t in others)), kinds, compound,
                   latin_pattern(latin) if latin else None)


def whole(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a whole word where it starts or ends with a Latin letter or a digit? (app is
    not the app of happen, ai not the ai of said.) Checked after matching: lookarounds in the terms'
    alternation would make the judge three times slower.

    >>> whole("he said", 4, 6), whole("ai换脸", 0, 2), whole("下载app", 2, 5)
    (False, True, True)
    """
    return starts_word(text, start) and not (end < len(text) and _latin(text[end - 1]) and _latin(text[end]))


def starts_word(text: str, start: int) -> bool:
    """Does ``text`` not go on, before ``start``, with the Latin word that starts there?"""
    return not (start > 0 and _latin(text[start]) and _latin(text[start - 1]))


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def latin_pattern(terms: list[str]) -> re.Pattern:
    """One pattern for the terms that start with a Latin letter or a digit, grouped by that character:
    mixed into the Han terms' alternation they made the judge three times slower on long pages (the
    engine then tries every branch at every Latin letter and digit of the text).

    >>> latin_pattern(["anti-scam", "app", "ai"]).pattern
    'a(?:nti\\\\-scam|pp|i)'
    """
    groups: dict[str, list[str]] = {}
    for term in terms:  # (longest first, as given)
        groups.setdefault(term[0], []).append(re.escape(term[1:]))
    return re.compile("|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items()))


def found_terms(text: str, lexicon: Lexicon) -> list[re.Match]:
    """The lexicon's matches in ``text`` (in :func:`mainland` form), in the order of the text: at each
    position the longest term, as one alternation of all terms finds them, Latin terms as whole words only.

    >>> lexicon = Lexicon.from_lines(["ai换脸\\t3", "换脸诈骗\\t3", "诈骗\\t2\\tcrime", "ai\\t1\\tchannel"])
    >>> [m.group(0) for m in found_terms("ai换脸诈骗，他said", lexicon)]
    ['ai换脸', '诈骗']
    """
    if lexicon.latin is None:
        return list(lexicon.pattern.finditer(text))
    found: list[re.Match] = []
    position = 0
    han = lexicon.pattern.search(text)
    latin = _next_whole(lexicon.latin, text, 0)
    while han or latin:
        if han and han.start() < position:
            han = lexicon.pattern.search(text, position)
        if latin and latin.start() < position:
            latin = _next_whole(lexicon.latin, text, position)
        if not (han or latin):
            break
        if latin is None or (han is not None and (han.start(), -han.end()) <= (latin.start(), -latin.end())):
            match = han
        else:
            match = latin
        found.append(match)
        position = match.end()
    return found


def _next_whole(pattern: re.Pattern, text: str, position: int) -> re.Match | None:
    """The next match of ``pattern`` from ``position`` that is a whole word (see :func:`whole`)."""
    match = pattern.search(text, position)
    while match is not None and not whole(text, match.start(), match.end()):
        match = pattern.search(text, match.start() + 1)
    return match


@dataclass(frozen=True)
class Relevance:
    score: float
    terms: dict[str, int]  # term -> count over title and body


def mainland(text: str) -> str:
    """The form terms are matched in: Simplified script, the mainland's words for Taiwan's, lower case.

    >>> mainland("電信網路詐騙簡訊")
    '电信网络诈骗短信'

    Taiwan and Hong Kong write accounts and transfers with 帳 (帳戶, 轉帳, 人頭帳戶), which the converter keeps as 帐;
    the mainland writes 账 (账户, 转账), as the lexicon does:

    >>> mainland("被害人依指示轉帳至人頭帳戶")
    '被害人依指示转账至人头账户'

    and 訊息 (Taiwan's and Hong Kong's word for a message) is kept as a message, not made 消息 (news):

    >>> mainland("收到詐騙訊息")
    '收到诈骗讯息'

    The converter also rewrites words of mainland text it takes for Taiwan's: 程序 (a program, to the mainland)
    became 进程 (a process), so the lexicon's 应用程序 never met Taiwan's 應用程式. 程序 is kept:

    >>> mainland("下载应用程序"), mainland("下載應用程式")
    ('下载应用程序', '下载应用程序')
    """
    protected = text.replace("訊息", "讯息").replace("程序", "程\ue000序")
    return TO_MAINLAND.convert(protected).replace("\ue000", "").replace("帐", "账").lower()


def term_counts(text: str, lexicon: Lexicon, matched: bool = False) -> dict[str, int]:
    """Each term's count in ``text`` (already in :func:`mainland` form when ``matched``); a ``crime`` term that is
    one item of a list of unrelated wrongs (涉黄、诈骗、赌博等违法信息) is not counted: it names fraud in passing.

    >>> lexicon = Lexicon.from_lines(["诈骗\\t2\\tcrime", "电信诈骗\\t4\\ttelecom"])
    >>> term_counts("收到涉黄、诈骗、赌博等信息，打击电信诈骗、赌博", lexicon), term_counts("诈骗、盗窃案", lexicon)
    ({'电信诈骗': 1}, {})
    """
    text = text if matched else mainland(text)
    counts: dict[str, int] = {}
    for match in found_terms(text, lexicon):
        if lexicon.kinds.get(match.group(0)) == "crime" and listed(text, match.start(), match.end()):
            continue
        counts[match.group(0)] = counts.get(match.group(0), 0) + 1
    return counts


def listed(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one item of an enumeration: an enumeration comma (、) right before or after it."""
    return text[start - 1: start] == "、" or text[end: end + 1] == "、"


def compounds(text: str, lexicon: Lexicon) -> set[str]:
    """The channel-and-fraud phrases of ``text`` (in :func:`mainland` form) that are not terms themselves: a scam
    named by its channel in words no lexicon lists (网上求职骗案, 网络关键词诈骗, 短信基本都为诈骗).

    >>> lexicon = Lexicon.from_lines(["网络诈骗\\t4\\ttelecom", "网络\\t1\\tchannel", "诈骗\\t2\\tcrime"])
    >>> sorted(compounds("实施网络关键词诈骗活动，属于网络诈骗。网络，后来诈骗", lexicon))
    ['网络关键词诈骗']
    >>> sorted(compounds("下载app后被诈骗，happ诈骗", Lexicon.from_lines(["app\\t1\\tchannel", "诈骗\\t2\\tcrime"])))
    ['app后被诈骗']
    """
    if lexicon.compound is None:
        return set()
    return {m.group(0) for m in lexicon.compound.finditer(text)
            if m.group(0) not in lexicon.weights and starts_word(text, m.start())
            and not ends_with_a_term(m.group(0), lexicon)}


def impersonations(text: str, lexicon: Lexicon) -> set[str]:
    """The phrases of ``text`` (in :func:`mainland` form) that pose as a company's customer service, an official or a
    buyer and are neither lexicon terms themselves nor begun by one (冒充电商平台客服 is the lexicon's 冒充电商,
    counted as itself already: the phrase would count it twice); see ``IMPERSONATED_SERVICE``.

    >>> lexicon = Lexicon.from_lines(["冒充客服\\t3", "冒充电商\\t2", "冒充\\t1\\tchannel"])
    >>> sorted(impersonations("骗子冒充航空公司客服人员来电，对方自称淘宝客服；冒充客服，冒充电商平台客服", lexicon))
    ['冒充航空公司客服', '自称淘宝客服']
    >>> sorted(impersonations("转接给自称是金融管理局官员的人士", lexicon))
    ['自称是金融管理局官员']
    """
    return {m.group(0) for m in IMPERSONATED_SERVICE.finditer(text) if m.group(0) not in lexicon.weights
            and not any(lexicon.kinds.get(m.group(0)[:end], "channel") != "channel"
                        for end in range(3, len(m.group(0))))}


def ends_with_a_term(phrase: str, lexicon: Lexicon) -> bool:
    """Whether ``phrase`` ends with a listed ``telecom`` term (软件被他人电信诈骗: 电信诈骗 names its channel and is
    counted as itself already; the phrase would count it twice). A scheme's name after a channel (网上求职骗案) adds
    the channel, and counts.

    >>> ends_with_a_term("软件被他人电信诈骗", Lexicon.from_lines(["电信诈骗\\t4\\ttelecom", "诈骗\\t2\\tcrime"]))
    True
    """
    return any(lexicon.kinds.get(phrase[start:]) == "telecom" for start in range(1, len(phrase) - 2))


def narratives(text: str, lexicon: Lexicon, matched: bool = False, titled: bool = False) -> int:
    """How many sentences of ``text`` tell a scam through its channels (see the module's doc). When the title names
    the crime (``titled``: 少年玩游戏被骗四千元), a sentence with one channel word more tells it without naming it.

    >>> lexicon = Lexicon.from_lines(["被骗\\t1\\tcrime", "短信\\t1\\tchannel", "链接\\t1\\tchannel", "app\\t1\\tchannel",
    ...                               "充值\\t1\\tchannel"])
    >>> narratives("她收到短信，点开链接下载App，充值后被骗3万元。短信通知：他没有被骗。", lexicon)
    1
    >>> narratives("她收到短信，点开链接下载App，充值4万元。", lexicon), narratives("她收到短信，点开链接下载App，充值4万元。",
    ...                                                                  lexicon, titled=True)
    (0, 1)
    """
    found = 0
    for sentence in SENTENCE_END.split(text if matched else mainland(text)):
        crime = False
        channels = set()
        for match in found_terms(sentence, lexicon):
            kind = lexicon.kinds.get(match.group(0))
            if kind == "channel":
                channels.add(match.group(0))
            elif kind == "crime":
                crime = True
        if (crime and len(channels) >= NARRATIVE_CHANNELS) or (titled and len(channels) > NARRATIVE_CHANNELS):
            found += 1
            if found == MAX_NARRATIVES:
                break
    return found


def evidence_terms(in_title: dict[str, int], in_body: dict[str, int], lexicon: Lexicon, counted_crime: bool) -> list[str]:
    """The terms that say what a text is about: not channel words or offline terms, nor crime terms that did not
    count."""
    return sorted(term for term in set(in_title) | set(in_body)
                  if lexicon.kinds.get(term, "scheme") not in (*SILENT, "offline")
                  and (counted_crime or lexicon.kinds.get(term) != "crime"))


def evidence_matches(text: str, lexicon: Lexicon, counted_crime: bool,
                     found: list[re.Match] | None = None) -> list[re.Match]:
    """The matches of ``text`` (in :func:`mainland` form) that are evidence, as :func:`evidence_terms` counts it
    (``found``: the text's :func:`found_terms`, when the caller has them already)."""
    evidence = []
    for match in found_terms(text, lexicon) if found is None else found:
        kind = lexicon.kinds.get(match.group(0), "scheme")
        if kind in (*SILENT, "offline") or (
                kind == "crime" and (not counted_crime or listed(text, *match.span()))):
            continue
        evidence.append(match)
    return evidence


def roundup(text: str, lexicon: Lexicon, counted_crime: bool) -> bool:
    """Whether ``text`` (in :func:`mainland` form) reports crime at large: ``ROUNDUP_OTHERS`` distinct ``other``
    crimes or more, and every piece of evidence in a sentence that names one of them too, or in a list (、).

    >>> lexicon = Lexicon.from_lines(["电信网络诈骗\\t4\\ttelecom", "命案\\t0\\tother", "毒品\\t0\\tother",
    ...                               "刑事案件\\t0\\tother"])
    >>> roundup("刑事案件立案数下降，电信网络诈骗立案数下降，命案破案率最高。打击毒品犯罪。", lexicon, False)
    True
    >>> roundup("刑事案件立案数下降，命案全破。电信网络诈骗立案数下降。", lexicon, False)
    False
    """
    ends = [m.start() for m in SENTENCE_END.finditer(text)]
    with_others: set[int] = set()
    others: set[str] = set()
    found = found_terms(text, lexicon)
    for match in found:
        if lexicon.kinds.get(match.group(0)) == "other":
            others.add(match.group(0))
            with_others.add(bisect.bisect_right(ends, match.start()))
    if len(others) < ROUNDUP_OTHERS:
        return False
    evidence = evidence_matches(text, lexicon, counted_crime, found)
    return bool(evidence) and all(
        bisect.bisect_right(ends, m.start()) in with_others or listed(text, m.start(), m.end()) for m in evidence)


def one_sentence(text: str, in_title: dict[str, int], lexicon: Lexicon, counted_crime: bool) -> bool:
    """Whether all the evidence (as :func:`evidence_terms` counts it) sits in one sentence of the body, past the lead, and
    none of it in the title: a nuisance-call report's 拦截涉诈电话 statistic, a data-trade case's 被用于电信网络诈骗.

    >>> lexicon = Lexicon.from_lines(["电信网络诈骗\\t4\\ttelecom", "涉诈\\t3\\tresponse"])
    >>> lead = "工信部通报营销电话治理情况，" * 12
    >>> one_sentence(lead + "推进电信网络诈骗治理，拦截涉诈电话50亿次。", {}, lexicon, False)
    True
    >>> one_sentence(lead + "推进电信网络诈骗治理。拦截涉诈电话50亿次。", {}, lexicon, False)
    False
    """
    sentences = set()
    for match in evidence_matches(text, lexicon, counted_crime):
        if match.start() < LEAD_CHARS or in_title.get(match.group(0)):
            return False
        sentences.add(len(SENTENCE_END.findall(text, 0, match.start())))
    return len(sentences) == 1


def relevance(title: str | None, text: str, lexicon: Lexicon) -> Relevance:
    """Score an article.

    >>> lexicon = Lexicon.from_lines(["电信网络诈骗\\t4\\tcrime", "诈骗\\t2\\tcrime", "反诈\\t4\\tresponse",
    ...                               "电话\\t1\\tchannel", "短信\\t1\\tchannel", "合同诈骗\\t6\\toffline"])
    >>> r = relevance("多措並舉治理跨境電信網絡詐騙", "电信网络诈骗……反诈宣传，谨防电话、短信诈骗", lexicon)
    >>> round(r.score, 2), r.terms
    (30.0, {'反诈': 1, '电信网络诈骗': 2, '诈骗': 1, '短信诈骗': 1})
    >>> relevance("一起合同诈骗案宣判", "被告人以签订合同为名实施诈骗。", lexicon).score
    0.0
    >>> relevance("春播时节农资供应总体平稳", "化肥、种子价格总体平稳。", lexicon).score
    0.0
    """
    title, text = mainland(title or ""), mainland(text)
    in_title = term_counts(title, lexicon, matched=True)
    in_body = term_counts(text, lexicon, matched=True)
    in_lead = term_counts(text[:LEAD_CHARS], lexicon, matched=True)
    by_kind: dict[str, float] = {}
    channels = 0
    for term in set(in_title) | set(in_body):
        kind = lexicon.kinds.get(term, "scheme")
        if kind == "channel":  # a word that names no medium (假冒, 境外, 理赔 …) is half a channel
            channels += 0.5 if term in COMPOUND_EXCLUDED else 1
            continue
        if kind in ("other", "none"):
            continue
        weight = lexicon.weights[term]
        by_kind[kind] = by_kind.get(kind, 0.0) + weight * (
            math.sqrt(in_body.get(term, 0)) + TITLE_FACTOR * in_title.get(term, 0)
            + LEAD_FACTOR * min(1, in_lead.get(term, 0)))
    # (a lone word that names no medium, 假冒 or 境外, makes no fraud telecom fraud: a fake casino room 假冒赌场贵宾厅)
    channel_factor = min(MAX_CHANNEL_FACTOR, channels / CHANNELS_FOR_FULL_CREDIT) if channels > 0.5 else 0.0
    crime = by_kind.get("crime", 0.0)
    titled = any(lexicon.kinds.get(term) == "crime" for term in in_title)
    told = narratives(text, lexicon, matched=True, titled=titled) if channels >= NARRATIVE_CHANNELS and crime else 0
    if crime < MIN_CRIME_EVIDENCE and not told:  # one passing 诈骗 in an article about something else
        crime = 0.0
    score = (by_kind.get("telecom", 0.0) + by_kind.get("scheme", 0.0) + by_kind.get("chain", 0.0)
             + by_kind.get("response", 0.0)
             + crime * channel_factor - by_kind.get("offline", 0.0))
    score += NARRATIVE_WEIGHT * told
    named = compounds(title + "\n" + text, lexicon)
    score += COMPOUND_WEIGHT * len(named)
    posing = impersonations(title + "\n" + text, lexicon) - named
    for phrase in posing:  # in the title or the lead it says what the text is about, as a term there does
        score += IMPERSONATION_WEIGHT * (1 + LEAD_FACTOR * (phrase in title or phrase in text[:LEAD_CHARS]))
    named |= posing
    evidence = evidence_terms(in_title, in_body, lexicon, crime > 0)
    # evidence only from lexicon terms, none of them in the title (no story told through its channels, no scam named in
    # words the lexicon lacks)
    untitled = not told and not named and evidence and not any(in_title.get(t) for t in evidence)
    # (evidence in the lead is a subject: no need to look for its sentences)
    passing = untitled and not any(in_lead.get(t) for t in evidence) and (
        (len(evidence) == 1 and in_body.get(evidence[0]) == 1)  # one term named once: no need to look further
        or one_sentence(text, in_title, lexicon, counted_crime=crime > 0))
    if passing or (untitled and sum(lexicon.kinds.get(t) == "other" for t in in_body) >= ROUNDUP_OTHERS
                   and roundup(text, lexicon, counted_crime=crime > 0)):
        # one mention, however many terms its sentence strings together, or fraud as one crime of a roundup: its
        # strongest term, at PASSING_FACTOR
        score = PASSING_FACTOR * min(score, max(lexicon.weights[term] for term in evidence))
    terms = {t: in_title.get(t, 0) + in_body.get(t, 0) for t in sorted(set(in_title) | set(in_body))
             if lexicon.kinds.get(t) not in SILENT}
    terms.update((phrase, 1) for phrase in sorted(named))
    return Relevance(round(max(score, 0.0), 3), terms)
