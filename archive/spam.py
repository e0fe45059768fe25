"""Injected advertising and SEO spam, removed from inside sentences and titles.

Hacked and SEO-farmed pages carry brand names (casinos, betting sites, lottery tip sites, porn, hospitals, wallet
downloads) pasted into the article: as lines of their own, as lists joined by any separator, and in
the middle of a sentence or a headline. :class:`SpamRules` reads ``archive/data/spam.tsv`` (patterns
with a kind each) and removes every match together with the brand chunk it sits in (ASCII words,
joiners such as ``_ | - @ /`` and sign-up affixes such as 官网, 开户, 下载), then every other
occurrence of a brand it found that way (the same page repeats it in other shapes), and a URL glued
into Chinese text. What is removed is returned, so the caller can count it; the page itself, with the
spam, stays in the WARC file as evidence.

Pure: text in, text and removed phrases out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from archive.clean import SENTENCE_MARK
from archive.datafile import data_text
from archive.hanzi import TO_SIMPLIFIED

#: what a brand chunk is made of around the phrase that matched: ASCII words and joiners
JOINERS = r"(?:[A-Za-z0-9_\-|—–/·@＠.#~]|:(?=//))"
#: sign-up and download affixes of betting and porn SEO
AFFIXES = (r"(?:官方网站|官方网址|官方登录|官方入口|官方网|官网|官方|登录入口|登录|开户|注册|入口|下载|app下载|APP下载|"
           r"手机版|网页版|平台|娱乐城|娱乐场|娱乐|体育|首页|在线|网址|购买|冷钱包|钱包)")
#: an ASCII word after a space belongs to the chunk too (``Kaiyun Sport``)
SPACED_WORD = r"(?: [A-Za-z][A-Za-z0-9]*)"
CHUNK_PART = f"(?:{JOINERS}|{AFFIXES}|{SPACED_WORD})"
#: the chunk around a match is looked for this far on each side (bounded: no regex runs over a page)
REACH = 48
BEFORE = re.compile(f"{CHUNK_PART}*\\Z")
AFTER = re.compile(f"(?:{CHUNK_PART}|网站)*")  # (after a brand only: 开云体育官方网站, 九游会J9官方网站)
#: a URL inside Chinese text (a link pasted into a sentence)
GLUED_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
                       r"|(?<![A-Za-z0-9.@])[A-Za-z0-9][A-Za-z0-9\-]{0,40}\.(?:[A-Za-z0-9\-]{1,40}\.){0,3}"
                       r"(?:com|net|org|cc|vip|top|xyz|app|io|co|tv|me|bet|club|live|site|info|cn)(?![A-Za-z0-9])")
#: "<name>app下载-<slogan>": a download page's SEO title pasted into the text
SEO_SLUG = re.compile(r"[^\s。！？，,]{0,16}(?:app|APP|App)下载[-_|—][^\s。！？，,]{0,40}")
#: full-width Latin letters, digits and signs (ＫＹ体育) matched as their ASCII forms, one for one
FOLD_WIDTH = str.maketrans({**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}, 0x3000: 0x20})
#: a line that spam was removed from is dropped when this many word characters or fewer are left
LEFTOVER = 4
#: ... or when what is left is a list of short names (the rest of a list of casino brands): items of at
#: most this many word characters, two or more, joined by spaces or list marks, and no sentence mark
LIST_ITEM = 5
LIST_JOIN = re.compile(r"[\s、|｜/·_\-—,，]+")
#: what is left of a line once spam is removed, if only this: separators, bracket and space
RESIDUE = re.compile(r"^[\s\W_]*$")


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[str, ...]  # the phrases taken out, as they stood in the text


@dataclass(frozen=True)
class SpamRules:
    pattern: re.Pattern  # the named brands and phrases
    shapes: re.Pattern | None  # generic shapes, looked for where the named ones found nothing
    kinds: tuple[str, ...]
    legit: re.Pattern | None = None  # names that are never spam (腾讯体育, 体育彩票): no rule matches inside them
    noise: re.Pattern | None = None  # what is no word at all (emoji in brackets, a template's placeholder): a
    # quotation that holds it does not spare it

    @classmethod
    def load(cls, path: str | Path | None = None) -> SpamRules:
        """The rules at ``path``; by default the file shipped in the package."""
        return cls.from_lines(data_text("spam.tsv", path).splitlines())

    @classmethod
    def from_lines(cls, lines: list[str]) -> SpamRules:
        """Parse rule lines (PATTERN <tab> KIND <tab> NOTE; # comments).

        >>> SpamRules.from_lines(["# c", "澳门赌场\\tgambling"]).kinds
        ('gambling',)
        """
        patterns, shapes, legit, noise, kinds = [], [], [], [], []
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            try:
                re.compile(fields[0])
            except re.error as exc:
                raise ValueError(f"spam rules line {number}: {exc}") from exc
            kind = fields[1].strip() if len(fields) > 1 else "spam"
            {"shape": shapes, "legit": legit, "noise": noise}.get(kind, patterns).append(f"(?:{fields[0]})")
            kinds.append(kind)
        if not patterns:
            raise ValueError("the spam rules have no pattern")
        return cls(re.compile("|".join(patterns)), re.compile("|".join(shapes)) if shapes else None, tuple(kinds),
                   re.compile("|".join(legit)) if legit else None, re.compile("|".join(noise)) if noise else None)

    def clean(self, text: str) -> Cleaned:
        """``text`` without spam (line structure kept; a line of nothing but spam is dropped).

        >>> rules = SpamRules.load()
        >>> rules.clean("警方提醒韦德体育_开户广大市民，谨防电信网络诈骗。").text
        '警方提醒广大市民，谨防电信网络诈骗。'
        >>> rules.clean("開云-kaiyun體育APP下載-官方網站|Kaiyun Sport\\n民警提醒：不要轉賬。").text
        '民警提醒：不要轉賬。'
        >>> rules.clean("下载国家反诈中心APP，谨防诈骗。").removed
        ()
        >>> rules.clean("在腾讯体育APP观看直播，登录中国体育彩票官网查询。").removed
        ()
        >>> rules.clean("民警说：“关键词2是反诈民警，千万不要转账！”").text
        '民警说：“是反诈民警，千万不要转账！”'
        """
        if not text:
            return Cleaned(text, ())
        text, label = dangling_label(text)
        if label is not None:
            cleaned = self.clean(text)
            return Cleaned(cleaned.text, (*cleaned.removed, label))
        simplified = TO_SIMPLIFIED.convert(text).translate(FOLD_WIDTH)
        unmasked = simplified
        if self.legit is not None:  # a media brand or the state lottery is named, not advertised
            simplified = mask(simplified, [m.span() for m in self.legit.finditer(simplified)])
        # t2s and the width folding keep lengths (one character for one): spans found in the Simplified
        # text hold in the original
        quoted = quoted_spans(simplified)
        listed = as_keywords(simplified)  # a keyword line's commas separate keywords, as | and _ do
        spans = [chunk_around(listed, *m.span()) for m in self.pattern.finditer(listed)
                 if not mentioned(simplified, m.span(), quoted)]
        spans += [m.span() for m in SEO_SLUG.finditer(simplified)]
        if self.noise is not None:
            spans += [chunk_around(listed, *m.span()) for m in self.noise.finditer(listed)]
        if self.shapes is not None:  # generic shapes, where the named patterns left the text as it was
            masked = mask(listed, spans)
            spans += [chunk_around(masked, *m.span()) for m in self.shapes.finditer(masked)
                      if not mentioned(simplified, m.span(), quoted)]
        brands = {core for start, end in spans for core in brand_cores(simplified[start:end])}
        for brand in brands:  # the same brand elsewhere on the page, in another shape
            spans += [chunk_around(simplified, m.start(), m.end())
                      for m in re.finditer(re.escape(brand), simplified)]
        if spans:  # a URL glued to spam goes with it
            spans += [m.span() for m in GLUED_URL.finditer(simplified)
                      if any(abs(m.start() - e) <= 2 or abs(s - m.end()) <= 2 for s, e in spans)]
        if not spans:
            return Cleaned(text, ())
        # (should a conversion ever change the length, the Simplified text is what gets cleaned)
        return remove_spans(text if len(unmasked) == len(text) else unmasked, spans)


#: a label that introduces something: 球队历史视频及赛前分析：, 相关链接：
LABEL = re.compile(r"[^\n。！？!?]{2,30}[:：]\s*")


def dangling_label(text: str) -> tuple[str, str | None]:
    r"""A last line that is a label with nothing after it (a template's line the page's spam filled in
    elsewhere) is dropped: ``(text without it, the label)``; else ``(text, None)``.

    >>> dangling_label("冬奥会于2月20日闭幕。\n球队历史视频及赛前分析:")
    ('冬奥会于2月20日闭幕。', '球队历史视频及赛前分析:')
    >>> dangling_label("记者：张三")[1] is None
    True
    """
    head, _, last = text.rstrip().rpartition("\n")
    if head and LABEL.fullmatch(last.strip()):
        return head, last.strip()
    return text, None


#: quoted text: a brand named there is what the article reports on (a scam's fake betting site), not spam
QUOTED = re.compile(r"“[^”\n]{1,80}”|「[^」\n]{1,80}」|『[^』\n]{1,80}』|\"[^\"\n]{1,80}\"|《[^》\n]{1,80}》")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in QUOTED.finditer(text)]


def mentioned(text: str, span: tuple[int, int], quoted: list[tuple[int, int]]) -> bool:
    """True when the match is part of a quotation that says more than the match itself (three Chinese
    characters or more besides it): the article quotes a scam's wording. A quotation of nothing but the
    brand is how injected spam often sits in a sentence, and is not spared.

    >>> text = "短信宣传“澳门合法注册博彩网站”，诱导开户。"
    >>> mentioned(text, (8, 14), quoted_spans(text))
    True
    """
    for start, end in quoted:
        if start <= span[0] and span[1] <= end:
            besides = text[start + 1 : span[0]] + text[span[1] : end - 1]
            return len(re.findall(r"[\u4e00-\u9fa5]", besides)) >= 3
    return False


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` blanked out (same length: spans found in it hold in ``text``)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\x00" * (end - start)
    return "".join(chars)


#: Macau named before a casino brand (澳门威尼斯人, 新澳门葡京): part of the brand
CASINO_PLACE = re.compile(r"(?:新|老)?[澳奥]门\Z")
#: digits that end a chunk, and what makes them a date of the text's own (2017年, 13日)
TRAILING_NUMBER = re.compile(r"\d+\Z")
DATE_UNITS = "年月日号時时"


def chunk_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the brand chunk around ``text[start:end]`` (at most :data:`REACH` more each side).

    >>> text = "提醒韦德体育_开户-app广大市民"
    >>> span = chunk_around(text, 2, 6); text[span[0]:span[1]]
    '韦德体育_开户-app'
    >>> text = "【大澳门威尼斯人赌场官网2017年04月13日讯】"
    >>> span = chunk_around(text, 4, 12); text[span[0]:span[1]]
    '澳门威尼斯人赌场官网'
    """
    window = max(0, start - REACH)
    before = BEFORE.search(text, window, start)
    after = AFTER.match(text, end, min(len(text), end + REACH))
    first, last = (before.start() if before else start), (after.end() if after else end)
    place = CASINO_PLACE.search(text, max(0, first - 3), first)
    if place is not None:  # 澳门 before a casino's name is the brand's (大澳门威尼斯人赌场官网 → 大)
        first = place.start()
    date = TRAILING_NUMBER.search(text, end, last)
    if date is not None and text[last: last + 1] in DATE_UNITS:  # …官网2017年04月: the year is the text's
        last = date.start()
    return first, last


def brand_cores(chunk: str) -> list[str]:
    """The brand names inside a removed chunk: runs of two to four Chinese characters before a
    betting or sign-up word (开云 of 开云体育官网).

    >>> brand_cores("开云-kaiyun体育APP下载-官方网站")
    ['开云']
    """
    found = re.findall(r"([\u4e00-\u9fa5]{2,4}?)(?=[-_|]?[A-Za-z]*(?:体育|娱乐|棋牌|真人|电竞|彩票))", chunk)
    return [f for f in found if f not in ("体育", "娱乐", "棋牌", "真人", "电竞", "彩票", "官方", "平台")]


#: separators inside a sentence, and the marks that end one
SEPARATORS = "，,、；;：:"
SENTENCE_ENDS = "。！？!?"


def tidy_join(left: str, right: str) -> str:
    """``left + right`` where spam was cut out between them: the separators the spam sat between
    do not pile up (``，、``, ``，，``, ``，。``), nor does the space around a pasted link.

    >>> tidy_join("民警介绍，", "、等网站")
    '民警介绍，等网站'
    >>> tidy_join("破获案件120起，", "，挽回损失")
    '破获案件120起，挽回损失'
    >>> tidy_join("今年以来，", "。")
    '今年以来。'
    >>> tidy_join("近日， ", " 郑州市")
    '近日，郑州市'
    >>> tidy_join("诱导受害人下载“", "”APP")
    '诱导受害人下载APP'
    >>> tidy_join("拉锯三小时 ", " 守住群众钱袋子")
    '拉锯三小时 守住群众钱袋子'
    >>> tidy_join("【", " 2017年6月30日讯】")
    '【2017年6月30日讯】'
    >>> tidy_join('课程名为"反诈" ', " 讲师由民警担任")  # a straight quote may close: the text's space stays
    '课程名为"反诈" 讲师由民警担任'
    """
    if not left:
        return right
    head, tail = left.rstrip(" \t\u3000"), right.lstrip(" \t\u3000")
    if head and tail and PAIRS.get(head[-1]) == tail[0]:  # “” or （） that held only the spam
        return tidy_join(head[:-1], tail[1:])
    if head and head[-1] in OPENING and tail:  # an opening bracket: the space was the spam's
        return head + tail
    after_separator = bool(head) and head[-1] in SEPARATORS
    line_start = not head or head.endswith("\n")
    if (after_separator or line_start) and tail and tail[0] in SEPARATORS:
        return head + tail[1:]
    if after_separator and tail and tail[0] in SENTENCE_ENDS:
        return head[:-1] + tail
    if after_separator:
        return head + tail
    if head != left and tail != right and head[-1:] != "\n":  # spaces on both sides: one is the text's own
        return head + " " + tail
    return left + right


def rest_of_a_list(line: str) -> bool:
    """True when a line spam was taken from is left with nothing but a list of short names.

    >>> rest_of_a_list("威尼斯人 太阳城 百家乐"), rest_of_a_list("警方提醒市民 注意防范 电信诈骗")
    (True, False)
    >>> rest_of_a_list("反诈宣传进社区，活动现场气氛热烈")
    False
    """
    if SENTENCE_MARK.search(line):
        return False
    items = [item for item in LIST_JOIN.split(line.strip()) if item]
    return len(items) >= 2 and all(len(re.findall(r"\w", item)) <= LIST_ITEM for item in items)


#: quotation marks and brackets, opening to closing: a pair left empty by a removal goes too
PAIRS = {"“": "”", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")", "【": "】", "[": "]", '"': '"'}
#: the marks that only open (a straight quote " closes as well)
OPENING = frozenset(PAIRS) - {'"'}


#: what joins an SEO keyword list's items
KEYWORD_JOIN = re.compile(r"[|｜_]")
#: a keyword list is this many items at least
KEYWORD_ITEMS = 3
#: ... and with this many | or _ items, commas in it do not make it a sentence (…_在线观看国产91精品_欧美…,哈尔滨…)
MANY_KEYWORDS = 6


#: what else joins a keyword list's items, when there are many short ones
COMMA_JOIN = re.compile(r"[|｜_,，、]")
#: a comma-joined keyword list is this many items at least, each this many letters at most (a sentence's clauses
#: are fewer, or longer, or end on a sentence mark)
COMMA_ITEMS = 4
COMMA_ITEM = 16


#: a line of nothing but COMMA_ITEMS or more 【…】 items, however long each (【2024香港资料免费大全最新版下载】,【…】)
BRACKET_LIST = re.compile(rf"(?:【[^】\n]{{1,40}}】[\s,，、|｜_/]*){{{COMMA_ITEMS},}}")


#: words of a report on crime: a line of short clauses that holds one is a headline or a summary (女子下载a片软件,
#: 被裸聊敲诈,警方提醒,谨防上当), not a porn site's keywords
REPORT_WORDS = re.compile(r"诈|骗|警|案|勒索|提醒|防范|举报|判")


def as_keywords(text: str) -> str:
    """``text`` with the commas of its comma-joined keyword lines (see :func:`keyword_list`) set as | : a porn or
    betting keyword there ends at the comma as it would at a |, where in a sentence's clause (他下载了a片软件,被敲诈)
    it is news. A line with a word of a crime report is no keyword list, and is left as it is. Lengths are kept.

    >>> as_keywords("黑人a片下载,美国xxx大片,娇妻系列,某某\\n他下载了a片软件,被敲诈。")
    '黑人a片下载|美国xxx大片|娇妻系列|某某\\n他下载了a片软件,被敲诈。'
    >>> as_keywords("女子下载a片软件,被裸聊敲诈,警方提醒,谨防上当")
    '女子下载a片软件,被裸聊敲诈,警方提醒,谨防上当'
    """
    if "," not in text and "，" not in text:
        return text
    lines = text.split("\n")
    return "\n".join(re.sub(r"[,，、]", "|", line) if keyword_list(line) and not KEYWORD_JOIN.search(line) else line
                     for line in lines)


def keyword_list(line: str) -> bool:
    """A line of keywords and no sentence: joined by | or _, or many short ones by commas; once spam is found in
    it, the whole line is spam (the porn site's other keywords, 欧美……在线播放_日韩精品……_国产91精品在线观看, are
    no article either).

    >>> keyword_list("欧美在线播放_日韩精品一区二区_国产91精品在线观看"), keyword_list("反诈宣传进社区_光明网")
    (True, False)
    >>> keyword_list("欧美,精品,综合,亚洲,某某视频免费观看,免费观看某某"), keyword_list("警方提醒，不要点击链接，不要转账。")
    (True, False)
    >>> keyword_list("甲乙_丙丁_戊己_庚辛_壬癸_子丑_寅卯,辰巳,午未"), keyword_list("记者_张三_李四_王五_赵六_钱七,防范诈骗")
    (True, False)
    >>> keyword_list("【某某资料免费大全最新版本下载】,【甲】,【乙】,【丙】"), keyword_list("【警方提醒】,【甲】,【乙】,【丙】")
    (True, False)
    """
    if SENTENCE_MARK.search(line):
        return False
    parts = [part for part in KEYWORD_JOIN.split(line) if part.strip()]
    if len(parts) >= KEYWORD_ITEMS and not re.search(r"[，,]", line):
        return True
    if len(parts) >= MANY_KEYWORDS and not REPORT_WORDS.search(line):  # a long list that goes on with commas
        return True
    if BRACKET_LIST.fullmatch(line.strip()) and not REPORT_WORDS.search(line):
        return True
    items = [item for item in COMMA_JOIN.split(line) if item.strip()]
    return (len(items) >= COMMA_ITEMS and all(len(re.findall(r"\w", item)) <= COMMA_ITEM for item in items)
            and not REPORT_WORDS.search(line))


#: the joiners a headline's parts hang on (反诈宣传进校园 - 某某体育): left dangling at a line's end by removed spam
JOINER_CHARS = "-_|｜—–·/"
DANGLING = " \t\u3000" + JOINER_CHARS

#: what may sit between two spam spans that are removed as one
SPAN_GAP = re.compile(r"[ \t\u3000\-_|｜/—–·]*")


def remove_spans(text: str, spans: list[tuple[int, int]]) -> Cleaned:
    """``text`` without the merged ``spans``; lines left with nothing but separators are dropped.

    >>> remove_spans("春节反开云体育- 开云体育官网- APP下载诈宣讲室", [(3, 8), (9, 22)]).text
    '春节反诈宣讲室'
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        # overlapping, or apart by nothing but spaces and joiners (开云体育- 开云体育官方网站): one removal, so the
        # word the spam was pasted into closes up again (春节反…诈宣讲室 → 春节反诈宣讲室)
        if merged and (start <= merged[-1][1] or SPAN_GAP.fullmatch(text, merged[-1][1], start)):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    removed = tuple(text[s:e] for s, e in merged)
    joined, at = "", 0
    for start, end in merged:
        joined = tidy_join(joined, text[at:start])
        at = end
    joined = tidy_join(joined, text[at:]) if merged else text
    kept = []
    lines = joined.split("\n")
    original = text.split("\n")
    if len(original) != len(lines):  # a rule of the user's took a line break too
        original = lines
    for before, line in zip(original, lines, strict=True):
        if RESIDUE.match(line):
            continue
        if line != before and line.lstrip()[:1] in SEPARATORS and before.lstrip()[:1] not in SEPARATORS:
            line = line.lstrip(SEPARATORS + " \t\u3000")  # the spam began the line; its separator goes too
        if line != before and line.strip():  # the spam ended or began a headline at its joiner (… - 某某体育)
            if line.rstrip()[-1] in JOINER_CHARS and before.rstrip()[-1:] not in JOINER_CHARS:
                line = line.rstrip(DANGLING)
            if line.lstrip()[0] in JOINER_CHARS and before.lstrip()[:1] not in JOINER_CHARS:
                line = line.lstrip(DANGLING)
        if line != before and len(re.findall(r"\w", line)) <= LEFTOVER:  # what a spam line leaves
            continue
        if line != before and (rest_of_a_list(line) or keyword_list(before)):  # the rest of a list of spam
            removed += (line.strip(),)
            continue
        kept.append(line.strip())
    return Cleaned("\n".join(kept), removed)
