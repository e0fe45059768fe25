"""archive.clean on the real noisy captures in ../shared/seeds (skipped when absent)."""
from __future__ import annotations

import pytest

from archive.clean import clean_paragraphs, clean_text, is_keyword_spam, is_site_footer, remove_pinyin_artefacts
from tests.conftest import SHARED

SEEDS = SHARED / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")


def seed_lines(prefix: str) -> list[str]:
    [path] = list(SEEDS.glob(prefix + "_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


@needs_seeds
def test_gmw_capture_keeps_the_commentary_only():
    out = clean_paragraphs(seed_lines("000"), "打好组合拳严惩跨境电诈犯罪")
    text = "\n".join(out)
    assert text.startswith("在数据已成为生产要素的背景下")
    assert "近年来,跨境电信网络诈骗犯罪持续高发多发" in text
    assert out[-1].startswith("跨境电信网络诈骗已经成为世界各国面临的共同难题")
    for noise in ("点击右上角", "朋友圈", "请使用浏览器分享", "正在阅读", "首页>", "责编", "阅读剩余全文",
                  "开心", "飘过", "视觉焦点", "推荐阅读", "作者:刘为军", "加载更多", "2025-04-01"):
        assert noise not in text, noise


@needs_seeds
def test_tibet_capture_loses_copyright_and_spam_tail():
    text = clean_text("\n".join(seed_lines("001")), "多措并舉治理跨境電信網絡詐騙(人民時評)")
    assert "斬斷跨境電信網絡詐騙犯罪的黑灰產利益鏈" in text
    assert "加強宣傳教育,構建全民反詐格局" in text
    for noise in ("版權聲明", "責編", "無碼", "无码", "中文字幕", "即時新聞", "發布時間"):
        assert noise not in text, noise


@needs_seeds
def test_mirror_capture_loses_pinyin_related_list_and_county_tail():
    text = clean_text("\n".join(seed_lines("002")))
    assert "隨著互聯網經濟和電信產業的迅猛發展" in text
    for noise in ("(yè)", "(fā)", "(xù)", "(lián)", "猜你喜歡", "反詐公益廣告", "罗城|", "建瓯市", "99热精品"):
        assert noise not in text, noise


def test_rules_without_seeds():
    assert remove_pinyin_artefacts("聯(lián)合(2021年)") == "聯合(2021年)"
    assert is_keyword_spam("澳门新葡京娱乐| 皇冠体育投注| 百家乐在线开户| 时时彩计划| 真人棋牌下载| 太阳城娱乐注册")
    lines = ["分享到：微信", "正文第一段，讲述了事情的经过。", "相关阅读", "另一篇文章的标题"]
    assert clean_paragraphs(lines) == ["正文第一段，讲述了事情的经过。"]


def test_a_brands_variants_joined_by_commas_are_keyword_spam_and_a_list_of_places_is_not():
    """A betting site's keyword line names one brand in many variants (the spam rules took only the variants
    with a sign-up word, leaving MK,MK体育,MK电竞 …); a list of cities is a list."""
    line = "MK,MK体育,MK体育官网,MK体育app,MK体育网页版,MK电竞,MK棋牌,MK百家乐,MK真人,MK平台注册,mk sports"
    assert clean_paragraphs([line, "正文第一段，讲述了事情的经过。"]) == ["正文第一段，讲述了事情的经过。"]
    cities = "北京、上海、广州、深圳、杭州、南京、成都、重庆、武汉、西安"
    assert clean_paragraphs([cities, "正文第一段，讲述了事情的经过。"]) == [cities, "正文第一段，讲述了事情的经过。"]


def test_credits_promotions_and_ad_labels_under_an_article_go_and_a_victims_click_stays():
    article = ["近日，市公安局反诈中心发布预警，提醒市民警惕冒充电商客服以退款为名实施的诈骗。",
               "受害人点击进入后，页面要求输入银行卡号和验证码，随后账户被盗刷。"]
    tail = ["（本文来源：某某日报 作者：张三 责任编辑：李四）", "点击进入专题：反诈宣传月", "【广告】", "Advertisement"]
    assert clean_paragraphs(article + tail) == article


def test_a_self_media_posts_closing_lines_go_and_sentences_with_the_same_words_stay():
    article = ["近日，市公安局反诈中心发布预警，提醒市民警惕冒充电商客服以退款为名实施的诈骗。", "网友纷纷点赞",
               "受害人说，他正在看电视时接到了自称客服的电话。",
               # a scam's bait told in short lines: the same words as the calls to like, follow and open the app
               "对方称给视频点赞就能领佣金。", "对方让他关注公众号领取补贴。", "他打开App查看余额。", "今年的重点在看护老人。"]
    tail = ["编辑丨王五", "来源丨某某公安", "审核丨赵六", "监制：孙七", "本期编辑：周八", "-END-", "喜欢就点个赞吧",
            "点个在看，你最好看", "欢迎关注我们的微信公众号：某某发布", "投稿邮箱：news@example.com",
            "文章来源于网络，如有侵权请联系删除。", "↓↓↓ 点击阅读原文", "往期精彩回顾", "某地开展反诈宣传进社区活动"]
    assert clean_paragraphs(article + tail) == article


def test_prose_that_names_a_notice_word_is_not_a_notice():
    """未经授权, 版权所有者 and 转载 are words of the fraud and data-leak stories this archive keeps; only a
    line shaped like a notice (short, opening with the words, or holding two of them) is removed."""
    prose = [
        "警方查明，该团伙利用木马程序窃取公民个人信息三十余万条，并在境外网站上公开出售。办案民警提醒，任何机构未经授权收集、"
        "使用个人信息均属违法，市民发现后可向网信部门举报。",
        "其次，一些短视频平台上的“免费领取”链接，实际上是诈骗团伙仿冒的页面，页面上的影视片段未获版权所有者许可，"
        "受害人点击后被引导下载App并充值。",
    ]
    notices = ["版权所有 © 2024 某某网 All Rights Reserved", "来源：光明网 转载请注明出处",
               "本网站所刊载信息，不代表本站观点。如转载稿涉及版权等问题，请与我们联系，未经授权禁止转载。"]
    assert clean_paragraphs(prose + notices) == prose


@pytest.mark.parametrize("line, footer", [
    ("地址：北京市东城区珠市口东大街5号 邮编：100062 联系电话：010-67078755", True),
    ("广播电视节目制作经营许可证181号 信息网络传播视听节目许可证号0110486", True),
    ("示例网 京ICP备12345678号 京公网安备11010502030000号", True),
    # an article's sentence about a licence or a hotline is prose
    ("该网站未取得互联网新闻信息服务许可证，已被依法关停，市民可拨打举报电话12377反映。", False),
    ("办案民警介绍，该团伙租用的服务器地址：位于境外，联系我们的客服均为机器人", False),
])
def test_a_sites_footer_is_not_the_article(line, footer):
    assert is_site_footer(line) is footer


@pytest.mark.parametrize("line", [
    "未经千龙新闻网书面特别授权，请勿转载或建立镜像，违者依法必究",
    "特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。",
    "Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of NetEase Hao, "
    "which is a social media platform and only provides information storage services.",
    "扫描二维码,向CSDN吐槽",
    "微信号：CSDNnews",
    "长按二维码向我转账",
    "关注该公众号",
    "功能介绍 博主喜欢Python和爬虫，已经出了两本书。这里是他灵感的发源地。",
    "受苹果公司新规定影响，微信 iOS 版的赞赏功能被关闭，可通过二维码转账支持公众号。",
])
def test_notices_and_follow_widgets_under_a_post_go(line):
    story = "警方提醒：凡是自称客服要求下载共享屏幕软件、提供验证码的，都是诈骗。市民接到此类电话后应立即挂断，并拨打96110咨询。"
    assert clean_paragraphs([story, line]) == [story]


def test_a_sentence_about_scanning_a_code_stays():
    line = "诈骗分子诱导受害人扫描二维码，下载所谓的理财App后充值。"
    assert clean_paragraphs([line]) == [line]


def test_a_list_of_card_links_after_a_short_story_goes():
    """Each recommended story is a link holding its headline, source and counts; the body gets the
    headline alone on a line of its own, which ends as headlines do (？)."""
    from archive.clean import Anchors, drop_headline_runs
    from archive.clean import flat as flattened

    cards = ["最想吃哪个？美食达人 12评论", "奥迪A4L又将迎来一次改款，这次可以比肩宝马3系吗？汽车之家 3评论",
             "秋日的林间小时光 旅游达人 5评论"]
    story = ["本报讯 近日，市公安局反诈中心接到群众报案，称其接到自称电商平台客服的电话。", "目前，警方已立案侦查。"]
    lines = story + ["最想吃哪个？", "奥迪A4L又将迎来一次改款，这次可以比肩宝马3系吗？", "秋日的林间小时光"]
    assert drop_headline_runs(lines, Anchors([flattened(c) for c in cards])) == story
    # the story's own sentences inside links (a gallery's captions linking to the next page) stay
    linked_story = Anchors([flattened(s) + "下一页" for s in story])
    assert drop_headline_runs(story, linked_story) == story


def test_teasers_cut_short_go_and_a_hard_wrapped_text_stays():
    story = "警方提醒：凡是自称客服要求下载共享屏幕软件、提供验证码的，都是诈骗。"
    cut = ["中国新法规直指“超女”现象 ...", "ZT胡戈：陈凯歌只是一个导演 他没资格告...", "孟欣认为，节目最大的压力是创意，前期…"]
    assert clean_paragraphs([story] + cut) == [story]
    # an old post wrapped at a fixed width: every line but the last of one length, the last ends a sentence
    wrapped = ["张家界的春天，美得让人眩目。长期过著从家门到校门的机械生活，一下子置身于翠绿",
               "欲滴的森林，看不完的奇山异峰，山涧涓流，名花异草，我简直要玩疯了。傍晚，当我",
               "山花插满头，手里抱著一大把青青竹笋，乐不思蜀地回到招待所时，一位同事告诉我，",
               "像我这样自小就跟随父母下乡回老家，在闭塞农村长大的人，对遥远京城的政治，长期",
               "以来，持一种不甚关心的态度。"]
    assert clean_paragraphs(wrapped) == wrapped


def test_forum_markup_left_as_text_goes_and_marked_up_prose_stays():
    story = "警方提醒：凡是自称客服要求下载共享屏幕软件、提供验证码的，都是诈骗。"
    residue = ["[img src=http://bbs.example.cn/upimage/200407/1089649920.jpg][br]",
               "Trackback: http://tb.example.net/TrackBack.aspx?PostId=543698"]
    assert clean_paragraphs([story] + residue) == [story]
    marked = "[b]警方提醒[/b]：凡是自称客服要求下载共享屏幕软件的，都是诈骗，详见 http://www.example.cn/fz/1.html"
    assert clean_paragraphs([marked]) == [marked]


def test_a_headline_and_date_line_run_into_the_first_paragraph_go():
    title = "我国集成电路进口突破3000亿美元"
    first = f"- {title} 最后更新: 2019-09-07 15:14:21 9月3日，在第二届全球IC企业家大会开幕式上，专家分析了市场形势。"
    assert clean_paragraphs([first, "第二段，产业结构仍需调整。"], title) == [
        "9月3日，在第二届全球IC企业家大会开幕式上，专家分析了市场形势。", "第二段，产业结构仍需调整。"]
    english = "Apple Watch sales rose in the third quarter, the company said on Monday."
    assert clean_paragraphs([english], "Apple Watch") == [english]


def test_a_toolbar_of_bracketed_buttons_goes_and_bracketed_labels_in_prose_stay():
    story = "警方提醒：凡是自称客服要求下载共享屏幕软件、提供验证码的，都是诈骗。"
    toolbar = "页面功能 【我来说两句】【我要“揪”错】【推荐】【字体：大 中 小】【打印】 【关闭】"
    assert clean_paragraphs([story, toolbar]) == [story]
    labelled = "【警方提醒】【反诈】【提示】凡是自称客服要求下载共享屏幕软件的，都是诈骗。"
    assert clean_paragraphs([labelled]) == [labelled]


def test_a_posts_closing_matter_goes_and_the_fraud_advice_that_looks_like_it_stays():
    """The closing matter of self-media and market posts (tags, an app promotion glued to the last sentence, a
    WeChat menu, a labelled disclaimer, QR captions), written from the shapes of real pages and checked on
    sentences of the archive's own subject that share their words."""
    story = ["近日，市公安局反诈中心接到群众报案，称其接到自称电商平台客服的电话，被诱导下载屏幕共享软件。",
             "民警提醒，请下载国家反诈中心APP，接到自称客服的退款电话要先核实。"]
    last = "警方已立案侦查。(本文来自某某新闻，更多原创资讯请下载“某某新闻”APP)"
    tail = ["关键词 >> 电信诈骗,冒充客服", "1、回复【反诈】查看最新提醒", "看都看完了，点【在看】试试",
            "声明：本报力求信息真实、准确，文章提及内容仅供参考，不构成实质性投资建议，据此操作风险自担。",
            "某某新闻APP", "微信公众号"]
    assert clean_paragraphs(story + [last] + tail) == story + ["警方已立案侦查。"]
    # a login widget above the article goes; a sentence about logging in stays
    widget = ["登录超时，稍后再试", "免注册 快速登录", "消息", "通知", "公告0"]
    victim = "受害人登录后发现账户被盗，银行卡内的三万余元被转走。"
    assert clean_paragraphs(widget + [victim]) == [victim]
    # a QR caption's shape in the middle of the article (a heading) stays
    heading = ["国家反诈中心APP", "这款应用可以识别诈骗电话和短信，提醒用户注意风险。"]
    assert clean_paragraphs(heading) == heading
    assert clean_paragraphs(["京卫网审[2011]第0535号 国家药监局（京）-经营性-2011-0014 京网文[2011]0034-011号"] + story) == story


def test_hong_kong_and_taiwan_portals_furniture_goes_and_a_tab_before_the_article_ends_nothing():
    story = "警方表示，今年首季網騙個案較去年同期上升三成，提醒市民切勿向陌生人透露個人資料。"
    furniture = ["廣告", "Advertisement", "分享： Facebook WhatsApp", "複製連結", "閱讀全文", "了解更多", "按此訂閱"]
    assert clean_paragraphs([story] + furniture) == [story]
    # a list heading after the article ends it; the same word as a menu's tab above the article ends nothing
    assert clean_paragraphs([story, "即時新聞", "港府公布新措施 2023-09-13"]) == [story]
    assert clean_paragraphs(["熱門", "即時新聞", story]) == [story]
    # what such a tab leaves above the article: a page's navigation and a tag line of four
    top = ["Toggle navigation", "20190926|国贸|增长率|全球经济", "下一篇 :", "没有了", "当前位置：", "主页"]
    assert clean_paragraphs(top + [story]) == [story]


def test_a_dateline_with_the_portals_address_and_a_read_counter_go():
    story = "近日，市公安局反诈中心接到群众报案，称其接到自称电商平台客服的电话。"
    lines = ["http://house.sina.com.cn 2005年03月31日03:18 北京娱乐信报", "AUTO.SOHU.COM 2003年11月12日16:36 金羊网—新快报",
             "阅读：8169", story]
    assert clean_paragraphs(lines) == [story]


def test_emoji_scattered_through_sentences_go_and_older_symbols_stay():
    """A real content farm's copy of an academic piece (2026-12-03; the same page as ../shared relevance 113) has
    an emoji after every other clause, some with skin tones and joiners. The sentences here are written for the test."""
    body = "民警介绍🍻，骗子冒充客服👩🏻‍💻，诱导受害人下载会议软件🛳🤹🏿‍♀️。\n⚠️ 不转账、不透露★\n👇👇👇"
    assert clean_text(body) == "民警介绍，骗子冒充客服，诱导受害人下载会议软件。\n⚠️ 不转账、不透露★"


def test_keyword_lists_joined_by_a_spaced_letter_or_four_underscored_items_go():
    """Real hacked pages (2026-12-03): a porn site's keywords joined by " I " (a letter standing for |), and a
    pirate stream site's four keywords joined by _ under a copied sports story. " I " in English prose stays."""
    assert is_keyword_spam("某某色图 I 某某精品 I 免费在线看 I 某某三级 I 激情视频88 I 某某网站")
    assert is_keyword_spam("中超免费观看_篮球免费观看_中超高清在线_篮球高清在线")
    prose = "Police said I should call them, and I did; I was told the caller was a fraudster who I never met."
    assert not is_keyword_spam(prose)
    assert not is_keyword_spam("记者 张三 I 编辑 李四")
