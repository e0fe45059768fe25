"""Body cleaning rules for Chinese news portals: one function per kind of noise.

Every function is pure: paragraphs (or text) in, paragraphs (or text) out. The noise
classes come from real captures (see ``../shared/seeds/README.md``): share prompts,
editor lines, "read more" prompts, mood widgets, related-article lists, copyright
notices, injected SEO spam and bracketed-pinyin artefacts of bad script converters.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

# -- share prompts (光明网, 人民网 and most portals' share bars) ----------------
SHARE_PROMPT = re.compile(
    r"^(点击右上角.{0,20}|朋友圈|微信好友|分享让更多人看到|请使用浏览器分享功能进行分享|分享到[：:]?.{0,30}|分享至[：:]?.{0,12}|"
    r"扫一扫.{0,20}|微信扫一扫.{0,20}|打开微信.{0,20}|用?微信扫描.{0,20}|用?微信扫码.{0,20}|"
    # follow and tip widgets: 扫描二维码,向CSDN吐槽 / 微信号：CSDNnews / 长按二维码向我转账 / 微博关注
    r"(?:扫描|掃描|长按|長按)(?:识别|識別)?(?:图中|圖中|下方|上方)?(?:二维码|二維碼).{0,16}|(?:扫码|掃碼)(?:关注|關注).{0,16}|"
    r"微信号[：:\s]\s*[A-Za-z0-9_\-]{3,30}|微信號[：:\s]\s*[A-Za-z0-9_\-]{3,30}|"
    r"(?:微博|微信|公众号|公眾號)关注|关注(?:该|本|我们的)?(?:我们|我們|公众号|公眾號|微博|微信)[：:]?.{0,16}|\d*\s*人赞赏|\d*\s*人讚賞|"
    # a WeChat account's card and tip box: 功能介绍 <bio>, 喜欢作者, the tip function's notice
    r"功能介绍\s.{0,150}|功能介紹\s.{0,150}|喜欢作者|喜歡作者|.{0,30}赞赏功能(?:被|已)?关闭.{0,40}|"
    r"【?(字号|字體|字体|打印|关闭窗口|收藏|纠错)[：:】\s大中小|]*.{0,10}|正在阅读[：:].{0,60}|"
    # an English site's follow prompt: Follow The New York Times Opinion section on Facebook, Twitter and Instagram.
    r"Follow (?:us|[A-Z][^.!?]{0,60}) on (?:Facebook|Twitter|X|Instagram|LinkedIn|YouTube)\b[^.!?]{0,60}[.!]?)$"
)
# -- editor lines: [ 责编:孔繁鑫 ] / (责编:李文治) / 责任编辑：… ------------------
EDITOR_LINE = re.compile(r"^[\[【（(\s]*(责编|責編|责任编辑|責任編輯|编辑|編輯|校对|校對|审核|審核|审校|審校|监制|監製|统筹|統籌|"
                         r"美编|美編|排版|版面编辑|版面編輯|本期编辑|本期編輯|值班编辑|值班編輯|编审|編審|终审|終審|初审|初審|"
                         r"复审|複審|主编|主編)\s*[:：|｜丨]"
                         r".{0,40}?[\]】）)\s]*$")
# -- "read the rest" prompts ---------------------------------------------------
READ_MORE = re.compile(r"^(?:点击|點擊)?(全文阅读|全文閱讀|返回\S{1,6}[，,]\s*查看更多|"
                       r"阅读剩余全文|閱讀剩餘全文|展开全文|展開全文|点击查看全文|查看原文|加载更多|載入更多|阅读全文|閱讀全文|"
                       r"查看全文)[>》\s]*.{0,6}$")
# -- mood-vote widget (开心/难过/点赞/飘过 …) --------------------------------------
MOOD_WORDS = frozenset(
    "开心 難過 难过 点赞 點讚 飘过 飄過 震惊 震驚 愤怒 憤怒 感动 感動 同情 无聊 無聊 搞笑 路过 路過 "
    "高兴 高興 悲伤 悲傷 支持 反对 反對 惊讶 驚訝 好文 雷人 鸡冻 担忧 擔憂 赞 讚 踩".split()
)
# -- headings that open a related-article block: everything after them goes ------
RELATED_HEADING = re.compile(
    r"^[【\[\s]*(相关阅读|相關閱讀|相关新闻|相關新聞|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|猜你喜欢|猜你喜歡|"
    r"相关推荐|相關推薦|视觉焦点|視覺焦點|热点推荐|熱點推薦|精彩推荐|精彩推薦|热门文章|熱門文章|"
    r"更多精彩|往期回顾|往期回顧|相关文章|相關文章|标签|標籤|关键词|關鍵詞|为您推荐|為您推薦|热点新闻|熱點新聞|"
    r"热门新闻|熱門新聞|热门推荐|熱門推薦|跟贴排行|点击排行|點擊排行|小编最近文章|最新文章|相关专题|相關專題|"
    r"精彩图片|精彩圖片|今日推荐|今日推薦|猜你感兴趣|相关稿件|相關稿件|热门排行|排行榜|"
    # Hong Kong and Taiwan portals' lists: 即時新聞, 你可能有興趣, 最新消息, 熱門
    r"即时新闻|即時新聞|你可能(?:有|感)(?:兴趣|興趣)|你或许(?:有|感)兴趣|最新消息|热门|熱門|"
    # 一周图片排行榜, 24小时新闻排行, 值班总编推荐, 编辑推荐
    r"(?:一周|本周|今日|每日|24小时|48小时|本月)?(?:新闻|新聞|图片|圖片|视频|視頻|热点|熱點|热门|熱門|点击|點擊)?排行榜?|"
    r"(?:值班总编|值班總編|总编|總編|编辑|編輯|小编|小編)(?:推荐|推薦)|"
    # composed: 相关热门文章, 热点专题, 最新评论, 更多视频 …
    r"(?:相关|相關|热门|熱門|热点|熱點|最新|推荐|推薦|精彩|更多|其他|其它|往期){1,2}"
    r"(?:文章|新闻|新聞|阅读|閱讀|推荐|推薦|专题|專題|图片|圖片|视频|視頻|资讯|資訊|博文|帖子|评论|評論|链接|鏈接|内容|內容|回顾|回顧))"
    r"[】\]\s:：]*$"
)
# -- a comment widget or an author's other articles: the article is over -------------------
END_OF_ARTICLE = re.compile(
    r"^(目前没有.{0,4}跟贴.*|热门跟贴|最新跟贴|跟贴热词|网友评论|網友評論|发表评论|發表評論|我要评论|我要評論|"
    r"添加评论|添加評論|写评论|寫評論|文章评论|文章評論|正在(?:读取|讀取|加载|加載)评论.{0,3}|正在(?:读取|讀取|加载|加載)評論.{0,3}|"
    # a blog's sidebar, headed by the blogger's name or not: [太小心]最新文章, 对[太小心]文章的最新评论, 友情链接
    r".{0,14}?(?:个人类别|個人類別|存档目录|存檔目錄|文章分类|文章分類|日志分类|日誌分類|文章归档|文章歸檔|最新文章|"
    r"最新评论|最新評論|个人链接|個人鏈接|友情链接|友情鏈接|最近访客|最近訪客|博客统计|博客統計)|"
    r"全部评论|全部評論|查看全部评论|已有\d+条评论|作者最近文章.*|小编最近文章.*|作者其他文章.*|"
    # the heading of a notice: the clauses after it are the notice (a paper's anti-infringement terms)
    r"(?:反侵权|反侵權|侵权|侵權|版权|版權|免责|免責|法律|特别|特別)(?:公告|声明|聲明)[:：]?)$"
)
#: a teaser: a headline and summary closing with a link to the full story
TEASER_END = re.compile(r"(【详细】|【詳細】|\[详细\]|详细>>|詳細>>|更多>>|全文>>)$")
#: a bracketed call to click (【点击投票】, [点击查看]): a promotion's line, never an article's sentence
CLICK_PROMPT = re.compile(r"[【\[](?:点击|點擊)[^】\]]{0,6}[】\]]")
PROMPT_LINE = 150
# -- comment-section disclaimers ("网友评论仅供其表达个人看法 …") -----------------------------
DISCLAIMER = re.compile(r"(网友评论仅供|網友評論僅供|并不表明.{0,10}立场|並不表明.{0,10}立場|本文仅代表作者|本文僅代表作者|"
                        r"不代表本[站网網]观点|不代表本[站网網]觀點|"
                        # a portal's line under a reprint: 新浪网登载此文出于传递更多信息之目的，并不意味着赞同其观点
                        r"出于传递更多信息之目的|出於傳遞更多信息之目的|"
                        # a self-media platform's line under every post (网易号, 搜狐号, 百家号 …)
                        r"仅提供信息存储|僅提供信息存儲|仅代表作者本人观点|僅代表作者本人觀點|"
                        r"is uploaded and posted by a user of|"
                        # a platform's or a market paper's line: 仅提供信息发布平台, 不构成投资建议, 据此操作风险自担
                        r"仅提供信息发布平台|僅提供信息發布平台|仅代表该机构观点|僅代表該機構觀點|不构成(?:实质性)?投资建议|"
                        r"不構成(?:實質性)?投資建議|据此操作.{0,2}风险自担|據此操作.{0,2}風險自擔|"
                        # a line that labels itself: 声明：…, 【免责声明】…, 风险提示：…
                        r"^[【\[（(]?(?:声明|聲明|免责声明|免責聲明|特别声明|特別聲明|风险提示|風險提示)[】\]）)]?[:：])")
# -- copyright notices ---------------------------------------------------------
COPYRIGHT = re.compile(
    r"(版权所有(?![者人方])|版權所有(?![者人方])|版权声明|版權聲明|copyright|©|未经授权|未經授權|禁止转载|禁止轉載|"
    r"转载请注明|轉載請註明|本网站所刊载|本網站所刊載|凡注明.{0,6}来源|凡注明.{0,6}來源|ICP备|ICP備|"
    r"未经书面许可|未經書面許可|擅自转载|擅自轉載|侵权必究|侵權必究|请勿转载|請勿轉載|不得转载|不得轉載|"
    r"违者必究|違者必究|依法必究|书面特别授权|書面特別授權)",
    re.I,
)
# -- bracketed pinyin left by a bad Simplified→Traditional converter: 產業(yè) --
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_ARTEFACT = re.compile(
    rf"(?<=[\u3400-\u9fff])\((?=[a-zü{TONED}]*[{TONED}])[a-zü{TONED}]{{1,7}}\)"
)
#: the same without tones, as content farms print it after single characters (中共(gong)二十大, 澳(ao)门): taken out
#: only where a line has TONELESS_RUN of them, since one bracketed syllable can be an abbreviation (人工智能(ai))
TONELESS_ARTEFACT = re.compile(r"(?<=[\u3400-\u9fff])\(((?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
                               r"(?:i?ang|i?ong|uang|ing|eng|ian|iao|uai|uan|ang|an|ai|ao|ei|en|er|ie|in|iu|ou|ua|ue|"
                               r"ui|un|uo|ia|a|e|i|o|u|v))\)")
TONELESS_RUN = 3
SENTENCE_PUNCT = re.compile(r"[。！？!?；;，,：:“”\"]")
SPAM_SEPARATOR = re.compile(r"[|｜_]")
#: a letter standing in for | between keywords, with spaces round it (欧美色图 I 国产精品 I …): read as one only
#: between items that are all Chinese, since " I " is English prose
SPACED_SEPARATOR = re.compile(r"\s+[Il丨]\s+")


#: a two-character word a content farm's filter turned round and starred (博彩 → *彩博**, 骗子 → *子骗**)
STARRED_WORD = re.compile(r"(?<!\*)\*([\u3400-\u9fff])([\u3400-\u9fff])\*\*(?!\*)")


def remove_pinyin_artefacts(text: str) -> str:
    """產業(yè) → 產業; a parenthesis that is not toned pinyin stays. Also a word a content farm turned round
    and starred is set right (*彩博** → 博彩); markdown's **bold** stays.

    >>> remove_pinyin_artefacts("電信產業(yè)的迅猛發(fā)展(2021)")
    '電信產業的迅猛發展(2021)'
    >>> remove_pinyin_artefacts("谨防*彩博**赌博，*子骗**就会携款跑路；**重点**不变")
    '谨防博彩赌博，骗子就会携款跑路；**重点**不变'
    >>> remove_pinyin_artefacts("警方(fang)破获电(dian)信诈(zha)骗案"), remove_pinyin_artefacts("人工智能(ai)换脸诈骗")
    ('警方破获电信诈骗案', '人工智能(ai)换脸诈骗')
    """
    text = PINYIN_ARTEFACT.sub("", text)
    if len(TONELESS_ARTEFACT.findall(text)) >= TONELESS_RUN:
        text = TONELESS_ARTEFACT.sub("", text)
    return STARRED_WORD.sub(r"\2\1", text)


#: pictographs (emoji, their joiners and variation selectors) around a title: a content farm wraps the news
#: headlines it copies in them (😎澳门启动“全民防骗推广周”活动🤤)
EMOJI_RUN = r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D\s]+"
EMOJI_ENDS = re.compile(rf"^{EMOJI_RUN}|{EMOJI_RUN}$")


def strip_emoji_ends(title: str) -> str:
    """``title`` without the pictographs at its start and end; those inside it stay.

    >>> strip_emoji_ends("😎澳门启动“全民防骗推广周”活动🤤"), strip_emoji_ends("反诈⚠️提醒")
    ('澳门启动“全民防骗推广周”活动', '反诈⚠️提醒')
    """
    return EMOJI_ENDS.sub("", title)


#: an emoji pictograph with its skin tone, variation selector and zero-width-joined parts (👩🏻‍🦽‍➡️): a content farm
#: scatters them through the sentences it copies (数据🍻，已经扩散至全国🤌); no news sentence says anything with one.
#: Symbols older than emoji (⚠ ★ ☎ ✔, U+2600–U+27BF) are used as marks in real articles and stay.
_PICTOGRAPH = (r"[\U0001F000-\U0001FAFF](?:[\uFE0F\U0001F3FB-\U0001F3FF]|\u200D[\u2600-\u27BF"
               r"\U0001F000-\U0001FAFF]\uFE0F?)*")
#: ... and brackets of any kind that held nothing but pictographs go with them (游戏(👖)账号, 报[🈴]案, 电商【💚】平台)
PICTOGRAPH = re.compile(rf"[(（\[【〔]\s*(?:{_PICTOGRAPH}\s*)+[)）\]】〕]|{_PICTOGRAPH}")


def remove_pictographs(text: str) -> str:
    """``text`` without emoji pictographs; older symbols stay.

    >>> remove_pictographs("官方统计数据🍻，疫情已经扩散至全国🤌，较偏远的地区🛳🤹🏿‍♀️")
    '官方统计数据，疫情已经扩散至全国，较偏远的地区'
    >>> remove_pictographs("⚠️ 不转账、不透露★"), remove_pictographs("游戏(👖)账号"), remove_pictographs("报[🈴]案【💚】")
    ('⚠️ 不转账、不透露★', '游戏账号', '报案')
    """
    return PICTOGRAPH.sub("", text)


def tidy_title(title: str) -> str:
    """A headline without what body lines lose too: converter and content-farm pinyin, emoji wrapping. (Spam is
    :mod:`archive.spam`'s, applied after.)

    >>> tidy_title("😎電信產業(yè)發(fā)展迅猛🤤")
    '電信產業發展迅猛'
    """
    return strip_emoji_ends(remove_pictographs(remove_pinyin_artefacts(title)))


def is_share_prompt(line: str) -> bool:
    """A share-bar prompt.

    >>> is_share_prompt("点击右上角微信好友"), is_share_prompt("扫描二维码,向CSDN吐槽"), is_share_prompt("微信号：CSDNnews")
    (True, True, True)
    >>> is_share_prompt("扫描病毒后发现木马"), is_share_prompt("长按二维码向我转账"), is_share_prompt("关注该公众号")
    (False, True, True)
    >>> is_share_prompt("Follow The New York Times Opinion section on Facebook, Twitter (@NYTopinion) and Instagram.")
    True
    >>> is_share_prompt("Follow the money, investigators said on Twitter, and you will find the scam's owners.")
    False
    """
    return bool(SHARE_PROMPT.match(line))


#: a credits line of roles and names only: 编辑 刘晓阳 校对 李铭, 策划：王五 摄影：赵六
CREDITS = re.compile(r"^(?:(?:编辑|編輯|责编|責編|责任编辑|責任編輯|校对|校對|审核|審核|审校|審校|监制|監製|统筹|統籌|策划|策劃|"
                     r"摄影|攝影|制作|製作|美编|美編)\s*[:：|｜]?\s*[\u4e00-\u9fff·]{2,4}(?:[、,，\s]+[\u4e00-\u9fff·]{2,4})*\s*){2,}$")


def is_editor_line(line: str) -> bool:
    """An editor credit, or a line of credits.

    >>> is_editor_line("[ 责编:孔繁鑫 ]"), is_editor_line("(責編:李文治)"), is_editor_line("校对|黄慧敏")
    (True, True, True)
    >>> is_editor_line("编辑 刘晓阳 校对 李铭"), is_editor_line("编辑部门审核通过后发布")
    (True, False)
    """
    return bool(EDITOR_LINE.match(line) or CREDITS.match(line))


def is_read_more(line: str) -> bool:
    return bool(READ_MORE.match(line))


def is_mood_widget(line: str) -> bool:
    """A line made only of mood-vote words and counts.

    >>> is_mood_widget("开心 难过 点赞 飘过"), is_mood_widget("他很开心")
    (True, False)
    """
    tokens = [t for t in re.split(r"[\s\d|/、,，]+", line) if t]
    return len(tokens) >= 2 and all(t in MOOD_WORDS for t in tokens)


def is_related_heading(line: str) -> bool:
    return bool(RELATED_HEADING.match(line))


#: a line with a notice's words is a notice when it is this short, or when they come this early in it
NOTICE_SHORT = 50
NOTICE_OPENING = 30


def is_copyright_notice(line: str) -> bool:
    """A copyright notice: a line with a notice's words that is short, opens with them, or holds two of
    them. A paragraph that mentions 未经授权 or 版权 in the middle of its sentences is prose (an article
    about a data leak or about copyright), not a notice.

    >>> is_copyright_notice("版權聲明:凡注明“來源:中國西藏網”的所有作品")
    True
    >>> is_copyright_notice("来源：光明网 转载请注明出处")
    True
    >>> is_copyright_notice("警方查明，该团伙通过木马程序窃取公民个人信息三十余万条，并在境外网站上出售。"
    ...                     "办案民警提醒，任何机构未经授权收集个人信息均属违法，市民发现后可向网信部门举报。")
    False
    """
    if len(line) >= 400:
        return False
    found = list(COPYRIGHT.finditer(line))
    if not found:
        return False
    return (len(line) <= NOTICE_SHORT or found[0].start() <= NOTICE_OPENING
            or len({match.group(0).lower() for match in found}) >= 2)


# -- a site's footer: address, licences, hotlines ---------------------------------------------
#: what only a footer says: a registration or licence with its number
FOOTER_STRONG = re.compile(r"ICP[备備证證]|公网安备|公網安備|(?:许可证|許可證)(?:编号|編號|号|號)?[:：]?\s*"
                           r"[0-9A-Za-z\u4e00-\u9fa5]{0,3}[-0-9]{4,}|"
                           # licence numbers of other kinds: 京卫网审[2011]第0535号, 京网文[2011]0034-011号,
                           # （京）-经营性-2011-0014
                           r"(?:网审|網審|网文|網文|网视|網視|出网证|出網證)\s*[\[【〔（(]\s*(?:19|20)\d\d\s*[\]】〕）)]|-(?:经营性|經營性)-\d{4}",
                           re.I)
#: what a footer says among other things
FOOTER_WORDS = re.compile(r"地址[:：]|邮编|郵編|邮政编码|郵政編碼|联系我们|聯繫我們|联系电话|聯繫電話|举报电话|舉報電話|"
                          r"举报邮箱|舉報郵箱|备案号|備案號|版权所有|版權所有|all rights reserved|主办单位|主辦單位|"
                          r"承办单位|承辦單位|技术支持|技術支持|关于我们|關於我們|网站地图|網站地圖|广告服务|廣告服務", re.I)
FOOTER_LONGEST = 200


#: forum markup a page printed as text instead of rendering it ([img src=…], [br], [marquee]), and URLs
BBCODE = re.compile(r"\[/?(?:img|IMG|br|BR|b|i|u|url|URL|marquee|MARQUEE|color|COLOR|size|SIZE|quote|QUOTE|font|FONT|"
                    r"flash|FLASH|align|ALIGN|center|CENTER)\b[^\]\n]{0,300}\]|https?://\S+")


def is_markup_residue(line: str) -> bool:
    """A line of forum markup and links with (almost) no words of its own.

    >>> is_markup_residue("[img src=http://bbs6.netease.com/ent_upimage/200407/1089649920.jpg][br]")
    True
    >>> is_markup_residue("I LOVE VR~~ [IMG SRC=http://img21.photo.163.com/hihihi/109845286.jpg]")
    True
    >>> is_markup_residue("[b]警方提醒[/b]：凡是自称客服要求下载共享屏幕软件的，都是诈骗。")
    False
    """
    if "[" not in line and "://" not in line:
        return False
    rest = BBCODE.sub("", line)
    return rest != line and len(re.findall(r"[\u3400-\u9fff]|[A-Za-z]{2,}", rest)) <= 4


#: a page's toolbar: bracketed buttons in a row (【我来说两句】【推荐】【打印】【关闭】)
BUTTON = re.compile(r"【[^】\n]{1,12}】|\[[^\]\n]{1,12}\]")


def is_toolbar(line: str) -> bool:
    """Three bracketed buttons or more, with at most six characters of words outside them.

    >>> is_toolbar("页面功能 【我来说两句】【我要“揪”错】【推荐】【字体：大 中 小】【打印】 【关闭】")
    True
    >>> is_toolbar("【警方提醒】【反诈】【提示】凡是自称客服要求下载共享屏幕软件的，都是诈骗。")
    False
    """
    buttons = BUTTON.findall(line)
    return len(buttons) >= 3 and len(re.findall(r"\w", BUTTON.sub("", line))) <= 6


def is_site_footer(line: str) -> bool:
    """A line of the site's footer: a licence or registration number, or two of a footer's words
    (地址, 邮编, 联系我们, 举报电话 …) outside any clause, on a line of at most 200 characters that ends
    no sentence.

    >>> is_site_footer("地址：南京市建邺区江东中路369号 邮编：210092 联系我们：025-96096(24小时)")
    True
    >>> is_site_footer("互联网新闻信息服务许可证32120170004 视听节目许可证1008318号")
    True
    >>> is_site_footer("京卫网审[2011]第0535号 国家药监局（京）-经营性-2011-0014 京网文[2011]0034-011号")
    True
    >>> is_site_footer("该网站未取得互联网新闻信息服务许可证，已被依法关停，举报电话12377。")
    False
    """
    if len(line) > FOOTER_LONGEST or line.rstrip().endswith(("。", "！", "？")):
        return False
    if FOOTER_STRONG.search(line):
        return True
    # footer words in a clause of a sentence (服务器地址：…，联系我们的客服 …) are prose
    return "，" not in line and len({m.group(0).lower() for m in FOOTER_WORDS.finditer(line)}) >= 2


def is_keyword_spam(line: str) -> bool:
    """An injected SEO keyword list: many short items joined by | or _, hardly a sentence.

    >>> is_keyword_spam("罗城| 建瓯市| 邯郸县| 平顶山市| 平潭县| 兴安县")
    True
    >>> is_keyword_spam("他说：甲|乙两方已经签署协议，各自承担责任。")
    False
    >>> is_keyword_spam("欧美色图 I 国产精品 I 在线看免费 I 亚洲三级 I 激情视频91")
    True
    >>> is_keyword_spam("英超免费观看_足球高清在线_英超直播_足球直播")
    True
    >>> is_keyword_spam("Police said I know I was there I think I did I")
    False
    """
    if is_variant_list(line):
        return True
    parts = [p.strip() for p in SPAM_SEPARATOR.split(line) if p.strip()]
    spaced = [p.strip() for p in SPACED_SEPARATOR.split(line) if p.strip()]
    if len(spaced) > len(parts) and all(CJK.search(p) for p in spaced):  # 欧美色图 I 国产精品 I …
        parts = spaced
    if len(parts) == 4 and SPAM_SEPARATOR.search(line) and not SENTENCE_PUNCT.search(line) \
            and sum(len(p) for p in parts) <= 32:
        return True  # a tag line of four: 20190926|国贸|增长率|全球经济, 英超免费观看_足球免费观看_…
    if len(parts) < 5:
        return False
    mean = sum(len(p) for p in parts) / len(parts)
    sentence_marks = len(SENTENCE_PUNCT.findall(line))
    return mean <= 24 and sentence_marks <= len(parts) // 4


#: a comma-joined keyword list: this many items at least, each this short, and this share of them opening
#: with the same two characters (MK,MK体育,MK体育官网,MK体育app,MK棋牌 …)
VARIANT_ITEMS = 8
VARIANT_ITEM_CHARS = 14
VARIANT_SHARE = 0.6
LIST_COMMA = re.compile(r"[,，、]")
#: a mark only a sentence has (archive.spam reads lists by it too)
SENTENCE_MARK = re.compile(r"[。！？!?；;：:“”\"]")


def is_variant_list(line: str) -> bool:
    """A betting site's keyword line: one brand in many variants, joined by commas, and no sentence.

    >>> is_variant_list("MK,MK体育,MK体育官网,MK体育app,MK体育网页版,MK电竞,MK棋牌,MK百家乐,MK真人,mk sports")
    True
    >>> is_variant_list("北京、上海、广州、深圳、杭州、南京、成都、重庆、武汉、西安")
    False
    """
    parts = [p.strip() for p in LIST_COMMA.split(line) if p.strip()]
    if len(parts) < VARIANT_ITEMS or SENTENCE_MARK.search(line) or max(len(p) for p in parts) > VARIANT_ITEM_CHARS:
        return False
    openings = Counter(p[:2].lower() for p in parts)
    return openings.most_common(1)[0][1] >= VARIANT_SHARE * len(parts)


#: a tag line under the article: ``关键词 >> 共享充电宝``, ``标签：反诈 防骗``, ``Tags: fraud, scam``
TAG_LINE = re.compile(r"^[【\[]?(?:文章|文章的)?(?:关键词|關鍵詞|关键字|關鍵字|标签|標籤|tags?|keywords?)[】\]]?"
                      r"\s*(?:>>|»|›|>|[:：])\s*[^。！？!?]{0,80}$", re.I)


def is_tag_line(line: str) -> bool:
    """A tag or keyword line (the bare heading ``关键词`` is a related-block heading, see RELATED_HEADING).

    >>> is_tag_line("关键词 >> 共享充电宝"), is_tag_line("标签：反诈 防骗 断卡")
    (True, True)
    >>> is_tag_line("关键词：这起案件的关键在于资金流向。")
    False
    """
    return bool(TAG_LINE.match(line))


#: an app or account promotion closing a post: ``(本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP)``,
#: ``更多精彩内容请关注XX客户端``; an anti-fraud sentence asking readers to install an app (请下载国家反诈中心APP)
#: carries no 更多 and stays
APP_PROMO = r"更多[^。！？()（）]{0,16}(?:下载|下載|关注|關注|打开|打開)[^。！？()（）]{0,16}(?:APP|App|app|客户端|客戶端)"
PROMO_LINE = re.compile(rf"^[^。！？()（）]{{0,24}}{APP_PROMO}[^。！？()（）]{{0,6}}[。！!]?$")
#: the same promotion in brackets at the end of the article's last sentence: cut off, the sentence stays
PROMO_TAIL = re.compile(rf"\s*[(（][^()（）]{{0,24}}{APP_PROMO}[^()（）]{{0,6}}[)）]\s*$")


def is_app_promo(line: str) -> bool:
    """A line that is nothing but an app promotion (see :func:`cut_promo_tail` for one glued to a sentence).

    >>> is_app_promo("(本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP)"), is_app_promo("民警提醒，请下载国家反诈中心APP。")
    (True, False)
    """
    return bool(PROMO_LINE.match(line.strip("()（）")))


def cut_promo_tail(line: str) -> str:
    """A bracketed app promotion cut off the end of a line.

    >>> cut_promo_tail("研究者认为，这对疾控至关重要。(本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP)")
    '研究者认为，这对疾控至关重要。'
    """
    return PROMO_TAIL.sub("", line) if "更多" in line else line


#: a WeChat account's closing menu and prompts: ``1、回复【社保】查询缴纳记录``, ``点【在看】``, ``点击菜单栏…``,
#: ``点击上方蓝字关注我们``
WECHAT_PROMPT = re.compile(r"(?:回复|回覆)\s*[【\[“\"「][^】\]”\"」]{1,10}[】\]”\"」]\s*"
                           r"(?:查看|查询|查詢|获取|獲取|了解|即可|进入|進入|看)|"
                           r"[【\[“\"「](?:在看|好看)[】\]”\"」]|(?:^|[，,。！!~\s、|｜])(?:点个?在看|點個?在看)|"
                           r"(?:点击|點擊)(?:菜单栏|菜單欄|上方的?蓝字|上方的?藍字|"
                           r"蓝字|藍字|上方.{0,16}关注|上方.{0,16}關注)|"
                           r"(?:点击|點擊)\s*(?:左下角|下方|文末|底部)?\s*[“\"「【]\s*(?:阅读原文|閱讀原文)\s*[”\"」】]")
WECHAT_LONGEST = 60


#: the lines a self-media post (WeChat, 头条号 …) ends with: END marks, calls to like, follow or read the
#: original, the contribution address, a repost's takedown offer
MEDIA_TAIL = re.compile(
    r"^[-—–_=\s]*(?i:the end|end)[-—–_=\s]*$|^[-—–\s]+(?:广告|廣告)[-—–\s]+$|"
    r"^[↓▼👇\s]*(?:点击|點擊)?(?:阅读|閱讀)原文[↓▼👇\s]*$|"
    # a call to like that ends the line (喜欢就点个赞吧, 觉得不错，请点赞): 给视频点赞就能领佣金 is a scam's bait, told
    r"(?:请|請|就|给|給|帮|幫|记得|記得|欢迎|歡迎|别忘了|別忘了|顺手|順手)[^。，,]{0,4}"
    r"(?:点个?赞|點個?讚|点个?在看|點個?在看|点亮在看|點亮在看)[吧哦呀啦！!~～。\s]*$|"
    r"(?:^|[，,。！!~\s、|｜])(?:点亮在看|點亮在看)|"
    # the account's own promotion (欢迎关注…公众号, 关注我们的公众号), not a scam's 让他关注公众号
    r"(?:欢迎|歡迎|敬请|敬請)关注[^。]{0,12}(?:公众号|公眾號)|(?:欢迎|歡迎|敬请|敬請)關注[^。]{0,12}(?:公众号|公眾號)|"
    r"(?:关注|關注)(?:我们|我們)的?(?:官方)?(?:微信)?(?:公众号|公眾號)|"
    r"^更多.{0,12}(?:请关注|請關注).{0,12}$|^好文章[，,]\s*(?:需要|要)你的鼓励|^好文章[，,]\s*(?:需要|要)你的鼓勵|"
    r"^(?:欢迎|歡迎)(?:分享|转发|轉發)(?:转发|轉發|分享|到朋友圈)?[！!~。]*$|"
    r"^(?:打开|打開)\s*(?i:app)[，,\s]*(?:阅读|閱讀|查看|获取|獲取)(?:更多|全文|原文|精彩)|"
    r"如有侵权.{0,8}(?:联系|删除)|如有侵權.{0,8}(?:聯繫|刪除)|侵删|侵刪|"
    r"^(?:投稿|爆料|新闻|新聞|广告|廣告)(?:邮箱|郵箱|热线|熱線|电话|電話|qq|QQ|微信)\s*[:：]|"
    # a platform's call for contributors (发送邮件至…申请加入…政务号, 欢迎投稿): no report's 发送邮件至…举报
    r"(?:邮件|郵件|稿件)(?:至|到)\s*[\w.\-]+@[\w.\-]+\s*(?:申请|申請|投稿|加入|入驻|入駐)|^(?:欢迎|歡迎)(?:投稿|来稿|來稿)|"
    r"(?:申请|申請)(?:加入|入驻|入駐)[^。，,]{0,12}(?:号|號|媒体团|媒體團|平台|平臺)$")
MEDIA_TAIL_LONGEST = 40


def is_media_tail(line: str) -> bool:
    """A self-media post's closing line (see MEDIA_TAIL), short as such lines are.

    >>> [is_media_tail(x) for x in ("-END-", "↓↓↓ 点击阅读原文", "喜欢就点个赞吧", "欢迎关注我们的微信公众号：某某发布")]
    [True, True, True, True]
    >>> [is_media_tail(x) for x in ("网友纷纷点赞", "他正在看电视。", "投稿人称，文章来源于网络。", "今年的重点在看护老人。")]
    [False, False, False, False]
    >>> [is_media_tail(x) for x in ("对方称给视频点赞就能领佣金。", "对方让他关注公众号领取补贴。", "他打开App查看余额。")]
    [False, False, False]
    >>> [is_media_tail(x) for x in ("发送邮件至zw@example.cn申请加入某某政务号或媒体团", "欢迎投稿，稿酬从优")]
    [True, True]
    >>> is_media_tail("市民可发送邮件至jubao@example.cn举报诈骗线索。")
    False
    """
    return len(line) <= MEDIA_TAIL_LONGEST and bool(MEDIA_TAIL.search(line))


def is_wechat_prompt(line: str) -> bool:
    """A WeChat account's prompt line.

    >>> is_wechat_prompt("1、回复【公租房】查看最新消息"), is_wechat_prompt("看都看完了，点【在看】试试")
    (True, True)
    >>> is_wechat_prompt("点击“阅读原文”了解更多"), is_wechat_prompt("答案：只需要点击上方的蓝字《某某》关注即可")
    (True, True)
    >>> is_wechat_prompt("他回复“好的”后就转了账。")
    False
    """
    return len(line) <= WECHAT_LONGEST and bool(WECHAT_PROMPT.search(line))


#: the words of a page's widgets, a line made of them only: an account box (登录 / 注册 / 消息 / 通知), a post's
#: action bar, a share bar's buttons, an advertisement's label (a picture's credit, 图片来源：…, is no widget:
#: the labelled bodies keep it)
WIDGET_WORDS = frozenset("登录 登錄 注册 註冊 免注册 免註冊 快速登录 快速登錄 退出 消息 通知 公告 设置 設置 "
                          "个人中心 個人中心 我的 忘记密码 忘記密碼 找回密码 找回密碼 立即登录 立即登錄 "
                          "立即注册 立即註冊 账号 帳號 密码 密碼 "
                          # a post's action bar: 评论 / 关注 / 收藏 / 分享 / 订阅 with their counts
                          "评论 評論 关注 關注 收藏 分享 转发 轉發 举报 舉報 点赞 點讚 订阅 訂閱 打赏 打賞 "
                          # a share bar: 分享： Facebook WhatsApp 複製連結
                          "facebook twitter whatsapp telegram line weibo wechat 微博 微信 qq qq空间 复制链接 複製連結 "
                          "copy link email 电邮 電郵 分享到 分享至 列印 打印 print x "
                          # an advertisement's label
                          "广告 廣告 推广 推廣 赞助 贊助 advertisement advertising sponsored ad "
                          # WeChat's buttons under a post; a portal's 我要反馈, 保存图片, 收起 / 展开
                          "在看 好看 反馈 反饋 我要反馈 我要反饋 保存图片 保存圖片 收起 展开 展開".split())
WIDGET_NOTICE = re.compile(r"^(?:登录|登錄)(?:超时|超時|失败|失敗|过期|過期)[，,]?.{0,10}$|"
                            r"^(?:请|請)先?(?:登录|登錄)(?:后|後)?.{0,8}$|^.{0,8}(?:跳转|跳轉)到?(?:登录|登錄)(?:页|頁|页面|頁面).{0,2}$")


def is_widget(line: str) -> bool:
    """A line of a widget: an account box, an action bar, a share bar, an advertisement's label.

    >>> is_widget("登录超时，稍后再试"), is_widget("免注册 快速登录"), is_widget("公告0"), is_widget("是否“确认”跳转到登录页？")
    (True, True, True, True)
    >>> is_widget("评论 12 关注"), is_widget("分享： Facebook WhatsApp"), is_widget("廣告")
    (True, True, True)
    >>> is_widget("登录后发现账户被盗"), is_widget("通知要求各地加强防范。"), is_widget("广告推销电话扰民")
    (False, False, False)
    """
    if WIDGET_NOTICE.match(line):
        return True
    tokens = [w for w in (re.sub(r"\d+$", "", t) for t in re.split(r"[\s|｜/、,，:：]+", line.lower())) if w]
    return bool(tokens) and len(line) <= 60 and all(t in WIDGET_WORDS for t in tokens)


#: what a media player or a picture viewer prints in the article's place: its loading notice, the browser notice
#: (您的浏览器不支持 video 标签), its buttons and clock, the viewer's prompt (打开网易新闻 查看精彩图片, 点击图片进入下一页);
#: a finance portal's closing prompts (进入新浪财经股吧讨论)
PLAYER_LINE = re.compile(
    r"^(?:视频|視頻|音频|音頻)?(?:正在)?(?:加载|載入|加載|缓冲|緩衝)中?[，,.。…\s]*(?:请稍候|請稍候|请稍后|請稍後)[.。…]*$|"
    r"^(?:您的|你的|当前|當前)?(?:浏览器|瀏覽器)(?:暂|暫)?(?:不支持|不支援)[^。！？]{0,30}"
    r"(?:video|audio|视频|視頻|音频|音頻|播放|html5|flash|h5)[^。！？]{0,20}[。.!！]?$|"
    r"^(?:正在)?(?:加载|加載|載入)中?[.。…]*$|"
    r"^(?:打开|打開)\S{2,10}\s*(?:查看|看)\S{0,6}(?:图片|圖片|大图|大圖)\S{0,4}$|^[\[【]?(?:点击)?查看原图[\]】]?$|"
    r"^(?:点击|點擊)(?:图片|圖片)(?:进入|進入)?(?:下一页|下一頁|下一张|下一張|下页|下頁)$|"
    r"^(?:(?:播放|暂停|暫停|进入全屏|進入全屏|退出全屏|全屏|静音|靜音|取消静音|重播|倍速|画中画|畫中畫|清晰度)\s*){2,}$|"
    r"^\d{1,2}:\d{2}(?::\d{2})?\s*/\s*\d{1,2}:\d{2}(?::\d{2})?$|"
    r"^(?:进入|進入)\S{0,12}股吧讨论$|^海量资讯、精准解读，尽在\S{2,8}(?:APP|App|app|客户端)$",
    re.I)


def is_player(line: str) -> bool:
    """A line a media player or a picture viewer prints.

    >>> [is_player(line) for line in ("视频加载中，请稍候...", "您的浏览器不支持 video 标签。", "播放 暂停 进入全屏 退出全屏",
    ...     "00:00 / 01:30", "打开网易新闻 查看精彩图片", "点击图片进入下一页", "进入新浪财经股吧讨论")]
    [True, True, True, True, True, True, True]
    >>> [is_player(line) for line in ("暂停营业的通知", "播放量超过十万", "点击图片可查看大图，图为民警在社区宣传。",
    ...     "您的浏览器不支持这项功能时，可以换用其他浏览器继续办理。", "10:30")]
    [False, False, False, False, False]
    """
    return len(line) <= 60 and bool(PLAYER_LINE.match(line.strip()))


#: a relative timestamp alone on a line (``昨天``, ``3小时前``): an aggregator's card, not a sentence
RELATIVE_TIME = re.compile(r"^(?:刚刚|剛剛|今天|昨天|前天|\d{1,3}\s*(?:秒|分钟|分鐘|小时|小時|天|周|週|个月|個月|月)前)"
                           r"(?:\s*\d{1,2}:\d{2})?$")


def is_relative_time(line: str) -> bool:
    """A relative timestamp line.

    >>> is_relative_time("昨天"), is_relative_time("3小时前"), is_relative_time("昨天下午他接到一个电话。")
    (True, True, False)
    """
    return bool(RELATIVE_TIME.match(line))


#: the caption of a QR code closing a post (``证券时报APP``, ``微信公众号``): taken only at the very end of the body,
#: where a heading of that shape cannot be (a heading has a paragraph after it)
QR_LABEL = re.compile(r"^[^\s。，,！？!?：:]{0,8}"
                      r"(?:APP|App|app|客户端|客戶端|公众号|公眾號|官方微博|微博|抖音号|抖音號|视频号|視頻號)$")


def is_author_line(line: str) -> bool:
    """A closing byline such as ``（作者：刘为军，系……）`` or ``作者：张三``.

    >>> is_author_line("(作者:刘为军,系中国人民公安大学教授)")
    True
    """
    return bool(re.match(r"^[（(]?\s*(作者|作者系|撰文|文)\s*[:：|｜].{0,80}[）)]?$", line)) and len(line) < 90


BYLINE = re.compile(r"^[（(]?\s*(本报记者|本報記者|本报通讯员|记者|記者|通讯员|通訊員)\s*"
                    r"[\u4e00-\u9fff·]{2,4}([ 、，,]+[\u4e00-\u9fff·]{2,4})*\s*[）)]?$")
NAV_PROMPTS = re.compile(
    r"^(返回列表|返回首页|返回首頁|返回顶部|返回頂部|打印本页|打印|关闭窗口|關閉窗口|上一篇.{0,40}|下一篇.{0,40}|"
    r".{0,8}首页|.{0,8}首頁|主页|主頁|关于我们|關於我們|更多.{0,6}|返回|没有了|沒有了|"
    r"(?:当前位置|當前位置|您的位置|你的位置|我的位置|目前位置|您现在的位置|您現在的位置|所在位置)[:：]?.{0,40}|"
    r"(?i:toggle navigation|skip to (?:main )?content|main menu)|(?:了解|查看|阅读|閱讀)更多.{0,6}|"
    r"(?:点击|點擊|按此)(?:查看|閱讀|阅读|订阅|訂閱|進入|进入|这里|這裡)[^，。,！？!?]{0,16}|"
    # an advertisement's label left alone on its line: 【广告】, (推广), Advertisement
    r"[【\[（(]?\s*(?:广告|廣告|推广|推廣|赞助|贊助|(?i:ad|advertisement|sponsored))\s*[】\]）)]?)$"
)


#: a disclaimer is one short paragraph (a platform's, in two languages, is about 250 characters)
DISCLAIMER_LONGEST = 300


#: a blog's trackback line: 你可以使用这个链接引用该篇文章 http://…
TRACKBACK = re.compile(r"使用这个链接引用|使用這個鏈接引用|引用该篇文章|引用該篇文章|引用通告|trackback", re.I)


def is_trackback(line: str) -> bool:
    """A blog's trackback line.

    >>> is_trackback("你可以使用这个链接引用该篇文章 http://publishblog.blogchina.com/blog/tb.b?diaryID=2756656")
    True
    """
    return len(line) < 150 and bool(TRACKBACK.search(line))


def is_disclaimer(line: str) -> bool:
    """A comment-section or opinion disclaimer.

    >>> is_disclaimer("网友评论仅供其表达个人看法，并不表明网易立场。")
    True
    >>> is_disclaimer("特别声明：以上内容为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。")
    True
    """
    return bool(DISCLAIMER.search(line)) and len(line) < DISCLAIMER_LONGEST


class Anchors:
    """The texts of a page's links in a set, with the lengths they come in by their first ``KEY``
    characters: finding every link text inside a line costs, per character of the line, one dict
    look-up and one set look-up per length of link text starting there, whatever the number of
    links (checking a line against each of 100,000 link texts was quadratic). Texts shorter than
    ``KEY`` are not indexed; past ``limit`` texts the rest are ignored.

    >>> Anchors(["成龙参观张北草原天路", "成龙参观"]).coverage("成龙参观张北草原天路2019-09-09")
    0.5
    """

    KEY = 4

    def __init__(self, texts, limit: int = 200_000) -> None:
        self.texts: set[str] = set()
        self.short: set[str] = set()  # link texts of 1 to KEY-1 characters (a forum thread titled 还有)
        lengths: dict[str, set[int]] = {}
        for n, text in enumerate(texts):
            if n >= limit:
                break
            if len(text) >= self.KEY:
                self.texts.add(text)
                lengths.setdefault(text[: self.KEY], set()).add(len(text))
            elif text:
                self.short.add(text)
        self.lengths = {key: sorted(found, reverse=True) for key, found in lengths.items()}
        self._joined: str | None = None  # every link text, for :meth:`inside`

    def __bool__(self) -> bool:
        return bool(self.texts)

    def inside(self, text: str) -> bool:
        """Is ``text`` (flattened, KEY characters or more) part of a longer link text: a line that is one
        piece of a link holding more (a headline in a card link with its source and counts)?

        >>> Anchors(["秋日的林间小时光旅游达人12评论"]).inside("秋日的林间小时光"), Anchors(["秋日"]).inside("秋日的林间")
        (True, False)
        """
        if len(text) < self.KEY:
            return False
        if self._joined is None:
            self._joined = "\x00".join(t for t in self.texts if len(t) > self.KEY)
        return text in self._joined

    def coverage(self, text: str) -> float:
        """The share of ``text`` inside occurrences of the link texts (0 … 1)."""
        if not text:
            return 0.0
        covered = bytearray(len(text))
        key_length = self.KEY
        for i in range(len(text) - key_length + 1):
            for length in self.lengths.get(text[i : i + key_length], ()):
                if text[i : i + length] in self.texts:  # the longest match here covers every shorter one
                    covered[i : i + length] = b"\x01" * length
                    break
        return sum(covered) / len(text)


def link_share(line: str, anchors: Anchors | set[str]) -> float:
    """How much of a line is the text of links on the page (0 … 1).

    >>> round(link_share("- 成龙参观张北草原天路 2019-09-09", {"成龙参观张北草原天路"}), 2)
    0.5
    """
    if not isinstance(anchors, Anchors):
        anchors = Anchors(anchors)
    return anchors.coverage(flat(line.removeprefix("- ")))


#: a line ending as a sentence does is a link line when its links hold this share of it
LINK_SENTENCE_SHARE = 2 / 3
#: a line that ends as a sentence ends, in Chinese or English (a headline cut short with "..." does not)
SENTENCE_CLOSE = re.compile(r"(?:[。！？!?]|(?<!\.\.)(?<=[A-Za-z0-9)\]%])\.)[\"”’')）]*$")


def is_link_line(line: str, anchors: Anchors | set[str]) -> bool:
    """A line that is mostly link text (related-article lists, menus, "more" links): half of it, or two
    thirds when it ends as a sentence does (an article's sentence may name what the site's menus link to:
    MacBook Pro, 反诈中心).

    >>> anchors = {"MacBookPro", "MacBookAir", "Apple"}
    >>> is_link_line("Apple plans MacBook Pro and MacBook Air models.", anchors)
    False
    >>> is_link_line("Apple MacBook Pro MacBook Air", anchors), is_link_line("Apple MacBook Pro MacBook Air...", anchors)
    (True, True)
    """
    if not anchors:
        return False
    share = link_share(line, anchors)
    if SENTENCE_CLOSE.search(line.removeprefix("- ")):
        return share >= LINK_SENTENCE_SHARE
    return share >= 0.5


def drop_menu_runs(lines: list[str], max_item: int = 8, min_run: int = 3) -> list[str]:
    """Remove runs of ``min_run`` or more tiny list items (``- 推荐``, ``- 娱乐`` …): tab menus.

    >>> drop_menu_runs(["正文。", "- 推荐", "- 娱乐", "- 体育", "- 一个很长的列表项不是菜单"])
    ['正文。', '- 一个很长的列表项不是菜单']
    """
    out: list[str] = []
    run: list[str] = []
    for line in lines + [""]:
        if line.startswith("- ") and len(flat(line[2:])) <= max_item:
            run.append(line)
            continue
        if len(run) < min_run:
            out.extend(run)
        run = []
        out.append(line)
    return out[:-1]


SENTENCE_END = re.compile(r"[。！？!?.]\s*$")
STATEMENT_END = re.compile(r"[。.]\s*$")


#: what follows a short link's text in a list line: the author's bracket, a date's parenthesis, a bar
AFTER_SHORT_LINK = "【[(（|｜<《"


def begins_with_link(line: str, anchors: Anchors) -> bool:
    """Does the line begin with the whole text of a link on the page? A link text shorter than
    ``Anchors.KEY`` counts only when a bracket or a bar follows it (卖【作者】08-23 10:50).

    >>> page = Anchors(["自己人", "去北京的皇家寺院"])
    >>> [begins_with_link(x, page) for x in ["- 去北京的皇家寺院【笨笨】", "自己人【扶危】08-23", "自己人都知道"]]
    [True, True, False]
    """
    text = flat(line.removeprefix("- "))
    if any(text[:length] in anchors.texts for length in anchors.lengths.get(text[: Anchors.KEY], ())):
        return True
    return any(text[length : length + 1] in AFTER_SHORT_LINK and text[:length] in anchors.short
               for length in range(1, min(Anchors.KEY, len(text))))


def drop_headline_runs(lines: list[str], anchors: Anchors, min_run: int = 3, max_line: int = 80) -> list[str]:
    """Remove runs of ``min_run`` or more short lines that each begin with the text of a link on the
    page: a list of headlines with their dates, authors or counts after them (a forum's thread list,
    a related list without its heading), which the link-line rule misses when the link is only half
    of each line; or that are each a piece of a longer link's text (a list of cards, each a link
    holding a headline, its source and its counts). An article's paragraph may open with a link; three
    short ones in a row, none of them ending a sentence, do not.

    >>> page = Anchors(["旅行中谁忽悠了你", "一把辛酸泪啊", "还是素质问题"])  # (flattened, as link_texts gives them)
    >>> drop_headline_runs(["导游的收入很大一部分来自购物的回扣。", "旅行中谁忽悠了你【版主】08-11 16:06 298字",
    ...                     "一把辛酸泪啊【皮皮】08-11 17:15 80字", "还是素质问题【柠檬】08-11 17:20 124字"], page)
    ['导游的收入很大一部分来自购物的回扣。']
    >>> drop_headline_runs(["旅行中谁忽悠了你【版主】08-11 16:06", "-", "一把辛酸泪啊【皮皮】08-11 17:15", "",
    ...                     "- 还是素质问题【柠檬】"], page)
    []
    """
    if not anchors:
        return lines
    out: list[str] = []
    run: list[str] = []
    listed = 0  # headline lines in the run (empty lines and bare list markers between them are neutral)
    for line in lines + [None]:
        if line is not None and not line.strip(" -*·•\u3000\xa0"):
            run.append(line)
            continue
        if (line is not None and len(flat(line)) <= max_line
                and ((not SENTENCE_END.search(line) and begins_with_link(line, anchors))
                     # a line that is a piece of a link (a card's headline) may end as a headline does (？！)
                     or (not STATEMENT_END.search(line) and anchors.inside(flat(line.removeprefix("- ")))))):
            run.append(line)
            listed += 1
            continue
        if listed < min_run:
            out.extend(run)
        run, listed = [], 0
        if line is not None:
            out.append(line)
    return out


#: a line cut short by a template: ... or … at its end (a teaser, a comment's first words)
CUT_SHORT = re.compile(r"(?:\.{3,}|…+|．{3,})\s*$")


#: a list item stamped with its date (and time) at its end or start: ``英国新增病例创新高 29402022-1-05 10:26``,
#: ``[2005-08-21] 为什么总要面对呢``
STAMPED = re.compile(r"(?:(?:19|20)\d\d|\b\d\d)[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[)）\]]?$|"
                     r"^[\[【(（](?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}[\]】)）]")


def drop_truncated_runs(lines: list[str], min_run: int = 3, max_line: int = 80) -> list[str]:
    """Remove what a template cut short or stamped as a list: a run of ``min_run`` or more short lines each
    ending with ... or … (teasers, comments' first words) or stamped with a date (a headline list), anywhere;
    and, at the end of the body, a run of
    WIDTH_RUN or more lines of one length (within a character) that end no sentence, summaries cut at
    a fixed width. (A hard-wrapped text, lines of one width too, goes on to a last line that ends
    its last sentence, so it is never such a tail.)

    >>> drop_truncated_runs(["正文。", "中国新法规直指“超女”现象 ...", "ZT胡戈：陈凯歌只是一个导演 他没资格告...",
    ...                      "孟欣认为，节目最大的压力是创意，前期..."])
    ['正文。']
    >>> teasers = ["奥克斯通讯、李晓龙是过河卒子，一往无前别无退路，集团则",
    ...            "一个很瘦、很睿智、洒脱、又很风趣的老头,这就是自谑为小",
    ...            "光明早就建立的一套危机处理系统，可能建立的太早了。高高",
    ...            "解析成长型企业管理三大原则，声称明星团队比明星领导更重"]
    >>> drop_truncated_runs(["正文。"] + teasers), drop_truncated_runs(teasers + ["正文。"]) == teasers + ["正文。"]
    (['正文。'], True)
    >>> drop_truncated_runs(["正文。", "英国新增病例 29402022-1-05 10:17", "UCL三大专业 69372022-1-05 10:09",
    ...                      "[2005-08-21] 为什么总要面对呢"])
    ['正文。']
    >>> drop_truncated_runs(["2019年1月5日，警方立案。", "2019年3月，嫌疑人落网。", "2020年4月，法院宣判。"])
    ['2019年1月5日，警方立案。', '2019年3月，嫌疑人落网。', '2020年4月，法院宣判。']
    """
    out: list[str] = []
    run: list[str] = []
    for line in lines + [None]:
        if line is not None and len(flat(line)) <= max_line and (CUT_SHORT.search(line) or STAMPED.search(line)):
            run.append(line)
            continue
        if len(run) < min_run:
            out.extend(run)
        run = []
        if line is not None:
            out.append(line)
    tail = len(out)
    while tail > 0 and fixed_width(out[tail - 1], out[-1]):
        tail -= 1
    return out[:tail] if len(out) - tail >= WIDTH_RUN else out


#: the fewest lines of one width that make a tail of cut summaries, and their least length
WIDTH_RUN = 4
WIDTH_MIN = 16


def fixed_width(line: str, last: str) -> bool:
    size = len(flat(line))
    return (WIDTH_MIN <= size <= 80 and abs(size - len(flat(last))) <= 1
            and not SENTENCE_END.search(line) and not SENTENCE_END.search(last))


def is_teaser(line: str) -> bool:
    """A teaser for another story.

    >>> is_teaser("文脉颂中华 人民网文化频道走访六大书院。 【详细】")
    True
    >>> is_teaser("“2018十大经济年度人物评选”火热进行中！【点击投票】Pick你心目中的商业领袖")
    True
    """
    return bool(TEASER_END.search(line)) or (len(line) <= PROMPT_LINE and bool(CLICK_PROMPT.search(line)))


def is_byline(line: str) -> bool:
    """A reporter credit on a line of its own.

    >>> is_byline("本报记者 何静"), is_byline("记者 张三 李四"), is_byline("记者调查发现，骗局多种多样。")
    (True, True, False)
    """
    return bool(BYLINE.match(line))


def is_navigation(line: str) -> bool:
    """Menu and back-link text, or a line with no word in it at all (``|``, ``>>``).

    >>> is_navigation("返回列表"), is_navigation("|"), is_navigation("证券日报首页"), is_navigation("首页发布了新规定。")
    (True, True, True, False)
    >>> is_navigation("我的位置:首頁>文章詳情")
    True
    >>> is_navigation("2026"), is_navigation("09:30:00"), is_navigation("2026年起施行")
    (True, True, False)
    """
    if not re.search(r"[\w\u3400-\u9fff]", line):
        return True
    if len(line) <= 10 and not re.search(r"[^\d\s:/.\-年月日]", line):
        return True  # a bare number or date fragment (a split date header, a page number)
    return bool(NAV_PROMPTS.match(line))


def is_breadcrumb(line: str) -> bool:
    """``首页> 网安频道> 隐私保护 > 正文``: a path of short names.

    >>> is_breadcrumb("首页> 网安频道> 隐私保护 > 正文"), is_breadcrumb("中國西藏網 > 即時新聞 > 地方")
    (True, True)
    >>> is_breadcrumb("A>B 的结论是错误的，因为数据不完整。")
    False
    """
    parts = [p.strip() for p in re.split(r"\s*(?:>>|>|›|»|＞|→)\s*", line)]
    return len(parts) >= 3 and all(0 < len(p) <= 12 for p in parts)


def after_headline(lines: list[str], title: str | None, window: int = 30) -> list[str]:
    """Drop what precedes the headline when the extracted text repeats it near its top
    (menus and breadcrumbs a wide container brought in). When more running text precedes it than
    follows it, the headline is a repeat under the article (a share box, a brief's page that prints
    its title again below it): only that line goes.

    >>> after_headline(["首页 > 要闻", "警惕退款诈骗", "警方提醒，接到自称客服的退款电话要先核实，切勿转账。"], "警惕退款诈骗")
    ['警方提醒，接到自称客服的退款电话要先核实，切勿转账。']
    >>> after_headline(["警方提醒，接到自称客服的退款电话要先核实，切勿转账。", "@某某：", "警惕退款诈骗"], "警惕退款诈骗")
    ['警方提醒，接到自称客服的退款电话要先核实，切勿转账。', '@某某：']

    The related list after the headline is not the article's running text: the brief above it stays.

    >>> after_headline(["警方提醒，接到自称客服的退款电话要先核实，切勿转账。", "警惕退款诈骗", "相关阅读",
    ...                 "- 英国教育大臣发布中小学防疫新规，鲍里斯发表新年讲话",
    ...                 "- 英国新增全球第二，或将在本月达峰值！多家医院告急"], "警惕退款诈骗")[0]
    '警方提醒，接到自称客服的退款电话要先核实，切勿转账。'
    """
    if not title:
        return lines
    wanted = flat(title)
    for index, line in enumerate(lines[:window]):
        if flat(line) == wanted or labelled_headline(flat(line), wanted):
            if running_text(lines[:index]) > running_text(up_to_the_end(lines[index + 1:])):
                return lines[:index] + lines[index + 1:]
            return lines[index + 1 :]
    return lines


#: a label a template prints in front of the headline, on its line (原创, 独家, 【快讯】)
HEADLINE_LABEL = re.compile(r"(?:原创|独家|置顶|推荐|热门|首发|快讯|【[^】]{1,6}】)")


def labelled_headline(line: str, wanted: str) -> bool:
    """``line`` (whitespace removed) is the headline ``wanted`` after a template's label.

    >>> head = "最不愁吃肉的国家"
    >>> labelled_headline("原创" + head, head), labelled_headline("中国" + head, head)
    (True, False)
    """
    return (len(wanted) >= 6 and line.endswith(wanted)
            and bool(HEADLINE_LABEL.fullmatch(line[: len(line) - len(wanted)])))


CJK = re.compile(r"[\u3400-\u9fff]")
#: what a template prints between the headline and the text when both fall into one line
HEAD_DATELINE = re.compile(r"\s*(?:(?:最后更新|最後更新|更新时间|更新時間|发布时间|發布時間|发布日期|發布日期|时间|時間)"
                           r"\s*[:：]?\s*)?"
                           r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?:\s*\d{1,2}:\d\d(?::\d\d)?)?"
                           r"(?:\s*(?:来源|來源)\s*[:：]\s*\S{1,20})?\s+")


def strip_headline_prefix(lines: list[str], title: str | None, window: int = 3) -> list[str]:
    """A line near the top that opens with the headline and goes on with the text (a template that
    puts the whole article in one list item): the headline, and the date line after it, go.

    >>> strip_headline_prefix(["- 警惕退款诈骗 最后更新: 2019-09-07 15:14:21 本报讯 近日，市公安局反诈中心接到报案。"],
    ...                       "警惕退款诈骗")
    ['本报讯 近日，市公安局反诈中心接到报案。']
    >>> strip_headline_prefix(["警惕退款诈骗的三个信号"], "警惕退款诈骗")
    ['警惕退款诈骗的三个信号']
    """
    if not title:
        return lines
    head = normalise_line(title)
    out = list(lines)
    for index, item in enumerate(out[:window]):
        line = item.removeprefix("- ").strip()  # trafilatura's list marker
        # (a Chinese headline of six characters or more: an English paragraph may open with a short title's words)
        if len(CJK.findall(head)) >= 6 and line.startswith(head + " ") and len(line) > len(head) + 20:
            rest = line[len(head):]
            dated = HEAD_DATELINE.match(rest)
            out[index] = (rest[dated.end():] if dated else rest).strip()
            break
    return out


def up_to_the_end(lines: list[str]) -> list[str]:
    """The lines before a related-article heading or a comment widget (what follows is not the article's,
    however much running text the list's headlines hold).

    >>> up_to_the_end(["警方提醒，切勿转账。", "相关阅读", "- 英国新增病例，多家医院告急"])
    ['警方提醒，切勿转账。']
    """
    for index, line in enumerate(lines):
        bare = line.strip().removeprefix("- ")
        if is_related_heading(bare) or END_OF_ARTICLE.match(bare):
            return lines[:index]
    return lines


def running_text(lines: list[str]) -> int:
    """Characters in lines that read as prose (20 characters or more with a sentence or clause mark)."""
    return sum(len(line) for line in lines if len(line) >= 20 and re.search(r"[。！？；，,!?;]", line))


def is_source_line(line: str) -> bool:
    """``（文章来源：证券日报）``, ``来源：法治日报 2024-02-23``, ``（本文来源：某某日报 作者：张三 责任编辑：李四）``.

    >>> is_source_line("（文章来源：证券日报）"), is_source_line("（本文来源：某某日报 作者：张三 责任编辑：李四）")
    (True, True)
    """
    return (bool(re.match(r"^[（(【\[]?\s*(?:文章|本文|稿件|新闻|新聞|信息)?(来源|來源|稿源)\s*[:：|｜丨].{0,40}$", line))
            and len(line) < 60)


DATE_IN_LINE = re.compile(r"(19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
DATELINE_LABELS = re.compile(r"(发布时间|發布時間|发布日期|时间|時間|来源|來源|作者|编辑|編輯|浏览|瀏覽|阅读|閱讀|字号|字號)")


def is_dateline(line: str) -> bool:
    """The date/来源 line portals print under the headline.

    >>> is_dateline("發布時間：2023-09-13 10:52:00來源： 人民日報")
    True
    >>> is_dateline("2024年3月5日，警方在一次联合行动中抓获了十余名嫌疑人。")
    False
    >>> is_dateline("http://house.sina.com.cn 2005年03月31日03:18 北京娱乐信报")
    True
    """
    if len(line) > 80 or not DATE_IN_LINE.search(line) or re.search(r"[。！？!?]", line):
        return False
    rest = DATE_IN_LINE.sub("", line)
    rest = SITE_ADDRESS.sub("", rest)  # the portal's address printed with it: http://house.sina.com.cn, AUTO.SOHU.COM
    rest = re.sub(r"[\d:：\s]", "", rest)
    return bool(DATELINE_LABELS.search(line)) or len(rest) <= 12


SITE_ADDRESS = re.compile(r"(?:https?://)?(?:[A-Za-z0-9-]+\.)+(?:com|net|org|cn|gov|edu)(?:\.cn)?\b/?", re.I)
#: a read or click counter alone on a line: 阅读：8169, 浏览次数：12, 人气 356
COUNTER = re.compile(r"^(?:阅读|閱讀|浏览|瀏覽|点击|點擊|人气|人氣|阅读量|閱讀量|浏览量|瀏覽量|访问量|訪問量)(?:次数|次數|数|數)?"
                     r"\s*[:：]?\s*\d+(?:\.\d+)?\s*(?:万|萬|w|W)?\+?\s*次?$")


def is_counter(line: str) -> bool:
    """A read or click counter.

    >>> is_counter("阅读：8169"), is_counter("浏览次数：12次"), is_counter("阅读 10万+"), is_counter("阅读理解")
    (True, True, True, False)
    """
    return bool(COUNTER.match(line))


#: a pager's words: 上一页 1 2 3 下一页, 第1页 第2页, 共3页, 首页 尾页, 单页阅读
PAGER_WORD = re.compile(r"上一页|下一页|上一頁|下一頁|上页|下页|上頁|下頁|首页|首頁|尾页|尾頁|末页|末頁|"
                        r"第\s*\d{1,3}\s*[页頁]|共\s*\d{1,3}\s*[页頁]|单页阅读|單頁閱讀|全文|[<>«»‹›|｜:：\[\]【】]")


def is_pager(line: str) -> bool:
    """A pager: pager words and page numbers only, one pager word at least.

    >>> [is_pager(x) for x in ("上一页 1 2 3 下一页", "第1页 第2页", "共3页", "下一页", "[1] [2] [3] 下一页 >>")]
    [True, True, True, True, True]
    >>> [is_pager(x) for x in ("1 2 3", "详见下一页表格。", "首页被骗十万元", "2023")]
    [False, False, False, False]
    """
    if len(line) > 80 or not re.search(r"[上下首尾末]\s*一?\s*[页頁]|第\s*\d|共\s*\d", line):
        return False
    return not re.sub(r"[\d\s.…]+", "", PAGER_WORD.sub("", line))


def normalise_line(line: str) -> str:
    line = remove_pictographs(remove_pinyin_artefacts(line))
    line = line.replace("\u3000", " ").replace("\xa0", " ")
    return re.sub(r"[ \t]+", " ", line).strip()


#: terminal escape sequences (CSI ``ESC [ … m``, OSC ``ESC ] … BEL``) and the other C0/C1 controls
TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]"
                             r"|\x9d[^\x07\x9c]*[\x07\x9c]?")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str | None, keep_newlines: bool = True) -> str | None:
    r"""Text without terminal escape sequences or control characters (what a crawled title could
    make a terminal do when ``show`` prints it); tabs and, with ``keep_newlines``, newlines stay.

    >>> strip_controls("反诈\x1b]0;pwned\x07宣传\x1b[31m月\x00")
    '反诈宣传月'
    >>> strip_controls("a\nb\tc", keep_newlines=False)
    'a b\tc'
    """
    if text is None:
        return None
    text = CONTROL.sub("", TERMINAL_ESCAPE.sub("", text))
    return text if keep_newlines else re.sub(r"[\r\n]+", " ", text)


#: the line rules, by name, in the order they are tried (the first that matches names the removal)
LINE_RULES = (
    ("keyword_spam", is_keyword_spam), ("breadcrumb", is_breadcrumb), ("share_prompt", is_share_prompt),
    ("editor_line", is_editor_line), ("read_more", is_read_more), ("mood_widget", is_mood_widget),
    ("copyright", is_copyright_notice), ("author_line", is_author_line), ("source_line", is_source_line),
    ("dateline", is_dateline), ("byline", is_byline), ("navigation", is_navigation),
    ("disclaimer", is_disclaimer), ("teaser", is_teaser), ("site_footer", is_site_footer),
    ("markup_residue", is_markup_residue), ("toolbar", is_toolbar), ("tag_line", is_tag_line),
    ("app_promo", is_app_promo), ("wechat_prompt", is_wechat_prompt), ("media_tail", is_media_tail), ("widget", is_widget),
    ("player", is_player),
    ("relative_time", is_relative_time), ("trackback", is_trackback), ("counter", is_counter),
    ("pager", is_pager),
)


def clean_paragraphs(paragraphs: list[str], title: str | None = None,
                     anchors: Anchors | set[str] | None = None, removed: Counter | None = None) -> list[str]:
    """Apply every rule; a related-article heading or a comment widget ends the article.
    ``anchors``: the flattened texts of the page's links, for :func:`is_link_line`. ``removed``, when
    given, counts the characters each rule took out (``before_headline``, ``menu``, ``headline_list``,
    ``teaser_list``, ``end_of_article``,
    ``link_line`` and the names of :data:`LINE_RULES`)."""
    anchors = anchors if isinstance(anchors, Anchors) else Anchors(anchors or ())
    removed = removed if removed is not None else Counter()
    normalised = [normalise_line(raw) for raw in paragraphs]
    headed = strip_headline_prefix(after_headline(normalised, title), title)
    removed["before_headline"] += sum(len(x) for x in normalised[: len(normalised) - len(headed)])
    lines = drop_menu_runs(headed)
    removed["menu"] += sum(len(x) for x in headed) - sum(len(x) for x in lines)
    listed = drop_headline_runs(lines, anchors)
    removed["headline_list"] += sum(len(x) for x in lines) - sum(len(x) for x in listed)
    lines = listed
    kept: list[str] = []
    for index, item in enumerate(lines):
        line = item[2:].strip() if item.startswith("- ") else item  # trafilatura's list marker
        cut = cut_promo_tail(line)
        if cut != line:
            removed["app_promo"] += len(line) - len(cut)
            line = cut
        if not line:
            continue
        if is_related_heading(line) or END_OF_ARTICLE.match(line):
            if not any(SENTENCE_END.search(k) or running_text([k]) for k in kept):
                # before any of the article: a menu's tab (热门, 即時新聞), not its end
                removed["end_of_article"] += len(line)
                continue
            removed["end_of_article"] += sum(len(x) for x in lines[index:])
            break
        rule = next((name for name, applies in LINE_RULES if applies(line)), None)
        if rule is None and is_link_line(line, anchors):
            rule = "link_line"
        if rule is not None:
            removed[rule] += len(line)
            continue
        kept.append(line)
    # (after the line rules: a tail of cut summaries is often followed by a menu the rules take)
    trimmed = drop_truncated_runs(kept)
    removed["teaser_list"] += sum(len(x) for x in kept) - sum(len(x) for x in trimmed)
    while trimmed and QR_LABEL.match(trimmed[-1]):  # the captions of the QR codes under a post
        removed["qr_label"] += len(trimmed.pop())
    return trimmed


def clean_text(text: str, title: str | None = None) -> str:
    """The cleaned body, one paragraph per line."""
    return "\n".join(clean_paragraphs(text.splitlines(), title))


def flat(text: str) -> str:
    """NFKC, no whitespace: the form used to compare two strings."""
    return "".join(unicodedata.normalize("NFKC", text).split())
