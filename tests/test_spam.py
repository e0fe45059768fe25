"""Injected spam taken out of sentences and titles, and the relevance judge on real texts: telecom
and online fraud, not every 诈骗."""
from __future__ import annotations

import pytest

from archive.extract import extract
from archive.relevance import Lexicon, relevance
from archive.spam import SpamRules, keyword_list
from tests.conftest import SHARED

RULES = SpamRules.load()
LEXICON = Lexicon.load()


def test_a_keyword_list_with_spam_in_it_goes_whole():
    """A real page's first line: four porn-site keywords joined by _, two of which no rule names (国产91精品在线观看);
    once spam is found in such a list, the list goes, not only the items the rules name."""
    article = "近日，江苏扬州的小陈接到自称贷款公司客服的电话。"
    keywords = "欧美性色欧美a在线播放_日韩精品亚洲一区二区三区免费_国产91精品在线观看_亚洲一区二区精品"
    assert RULES.clean(f"{keywords}\n{article}").text == article
    assert RULES.clean("反诈宣传进社区_光明网_新闻\n正文。").text == "反诈宣传进社区_光明网_新闻\n正文。"  # no spam: untouched
    # the same joined by commas (a hacked page's first line); a sentence with commas keeps all but the brand
    keywords = "欧美,精品,综合,亚洲,某某视频免费观看,免费观看某某节目,一级a片女人免费看"
    assert RULES.clean(f"{keywords}\n{article}").text == article
    assert RULES.clean("警方提醒，韦德体育不要点击，不要转账。").text == "警方提醒，不要点击，不要转账。"


@pytest.mark.parametrize("dirty, clean", [
    ("警方提醒韦德体育_开户广大市民，谨防电信网络诈骗。", "警方提醒广大市民，谨防电信网络诈骗。"),
    ("民警介绍，开云体育官网、BOB体育|官方登录等网站均为赌博平台。", "民警介绍，等网站均为赌博平台。"),
    ("他下载了球盟会体育APP后，按客服指示充值。", "他下载了后，按客服指示充值。"),
    ("反诈宣传进社区鸭脖娱乐，民警发放宣传册。", "反诈宣传进社区，民警发放宣传册。"),
    ("市场监管总局发布直播电商典型案例4399在线观看免费高清电视剧", "市场监管总局发布直播电商典型案例"),
    ("民警提醒快乐大本营广大市民，谨防电信网络诈骗。", "民警提醒广大市民，谨防电信网络诈骗。"),
    ("警方NBA直播吧提醒：不要向陌生账户转账。", "警方提醒：不要向陌生账户转账。"),
    ("近日，白癜风平安医院 http://pf.39.net/bdfyy/zjdy/1.html 郑州市公安局发布提醒。", "近日，郑州市公安局发布提醒。"),
    ("郑州市(👖)公安局(🈴)反诈中心每日提醒", "郑州市公安局反诈中心每日提醒"),
    # an escort ad's words with its contact further on, a clinic's SEO question on 男科 (2026-12-02, seventh session)
    ("上门服务 外围女 一夜情 同城交友 微信号：abc123\n警方提醒市民提高警惕。", "警方提醒市民提高警惕。"),
    ("某地男科医院哪家好_某地看男科哪里好\n警方提醒市民提高警惕。", "警方提醒市民提高警惕。"),
    ("澳門新葡京官網-百家樂\n警方呼籲市民提高警覺。", "警方呼籲市民提高警覺。"),
    # full-width letters, a brand with digits, and the separators the spam sat between
    ("市民应提高警惕，ＫＹ体育官网，不要点击陌生链接。", "市民应提高警惕，不要点击陌生链接。"),
    ("反诈宣传进社区，九游会J9真人，活动现场气氛热烈。", "反诈宣传进社区，活动现场气氛热烈。"),
    ("今年共破获电信网络诈骗案件120起，澳门新葡京娱乐官网。", "今年共破获电信网络诈骗案件120起。"),
    # the rest of a list of casino names; a bare domain beside the brand; quotes left empty
    ("澳门新葡京 威尼斯人 太阳城 百家乐\n警方提醒市民远离赌博。", "警方提醒市民远离赌博。"),
    ("警方提醒，开云体育官网（kaiyun.com）是赌博网站，详见 www.gov.cn 。", "警方提醒，是赌博网站，详见 www.gov.cn 。"),
    ("诈骗分子诱导受害人下载“星空体育”进行投注。", "诈骗分子诱导受害人下载进行投注。"),
    # brands no text of the tuning set named, pasted mid-sentence (2026-12-02)
    *[(f"近日，反诈中心接到群众报案，称其{brand}接到自称客服的电话。", "近日，反诈中心接到群众报案，称其接到自称客服的电话。")
      for brand in ("万博体育", "开元棋牌", "雷火电竞", "IM体育", "bet365", "188BET", "威廉希尔", "金博宝", "九游会",
                    "申博太阳城", "新澳门六开彩", "williamhill官网", "Fun88", "kaiyun", "尊龙凯时", "易胜博",
                    "奥门新葡京", "杏彩体育", "天天彩票")],  # (天天彩票 left 票 behind before)
    # a porn site's run of words goes whole, not only its hardest word (久久精品国产 was left before)
    *[(f"近日，反诈中心接到群众报案，称其{run}接到自称客服的电话。", "近日，反诈中心接到群众报案，称其接到自称客服的电话。")
      for run in ("久久精品国产亚洲av", "亚洲欧美日韩在线", "人妻中文字幕", "av天堂网", "草榴社区", "黑料不打烊",
                  "无痛人流多少钱", "割包皮费用多少")],
    # a brand pasted into a dateline's bracket leaves no space behind the bracket
    ("【威廉希尔官网 2023年5月6日讯】警方提醒市民谨防网购诈骗。", "【2023年5月6日讯】警方提醒市民谨防网购诈骗。"),
    # a porn site's keyword line over a hacked page's story (2026-12-03: its words were not listed)
    ("日韩美女乱淫试看视频多人,男人日女人的视频\n阻詐騙電話 明定島內電話業務不得繞經島外",
     "阻詐騙電話 明定島內電話業務不得繞經島外"),
])
def test_spam_is_removed_inside_sentences_and_lines(dirty, clean):
    result = RULES.clean(dirty)
    assert result.text == clean and result.removed


@pytest.mark.parametrize("text", [
    "诈骗分子以“博彩平台漏洞”为名诱导充值。",  # gambling named as the scam's bait: the subject
    "短信宣传“澳门合法注册博彩网站”，诱导开户。",  # a quotation of the scam's wording
    "请及时下载国家反诈中心APP。",
    "澳门银河娱乐公布季度业绩。",  # a listed company, not spam
    "凯发电气发布年度报告。",  # a listed company whose name a betting brand shares
    "他点击了“免费在线观看完整版”的链接后，手机被植入木马。",  # a pirate site's lure, quoted in a report
    "市民可在线观看庭审直播。",
    "她收到短信，称已被浙江卫视“奔跑吧兄弟”选为场外幸运观众。",  # the show a prize scam names
    "骗子冒充快乐大本营节目组发送中奖短信。",
    "好好学习，天天向上，同学们也要学会识别诈骗。",
    "景区人流量创新高。",
    "半岛体育馆今日开放，星空体育中心同时举办比赛。",  # a stadium and a sports centre, not betting brands
    "银杏彩叶缤纷，欢乐天堂游客如织，他以品德赢得尊重。",  # 杏彩, 乐天堂, 德赢 inside words: no brand listed bare
    "球迷可在腾讯体育APP观看直播。",  # a sports media app (the brand-shape rule took 在腾讯体育APP before)
    "购彩请认准中国体育彩票官网和实体店。",  # the state lottery (彩票官网 was a betting word + sign-up word)
    "山东半岛2号平台建成投产。",
    "请访问国家反诈中心官网 www.gov.cn 了解更多。",  # a domain with no spam beside it
    "警方提醒市民 注意防范 电信诈骗",  # a headline of short phrases, no spam in it
    "开元体育馆今日开放，万博会同期开幕。",  # a stadium and an expo beside the new brand names
    "他得知被骗后大发雷霆，IM平台的聊天记录已被删除。",
    "在澳门金沙娱乐场内，警方拘捕一名男子。",  # a casino named as a place
    "吃瓜群众纷纷围观，国产精品牌销量上升。",  # an idiom and a brand of goods beside porn-site words
    "他通过同城约会软件结识对方，在日本免费在线视频网站上看到广告后被骗。",
    "骗子以治疗不孕不育为名骗取钱财。",  # a disease named by the news, no advert's question
    "社区开展上门服务，为老人办理社保认证，咨询电话12345。",  # a home service and a phone number
    "社区提供上门服务，咨询电话12345。",
    "骗子冒充外围女，要求先交保证金。",  # an escort scam told, no contact
    "犯罪嫌疑人以美女视频聊天为诱饵，录下受害人的不雅视频后实施敲诈。",  # a sextortion scam told
    "警方捣毁一个传播淫秽视频的网站。",
])
def test_what_articles_say_about_gambling_and_apps_stays(text):
    assert RULES.clean(text).text == text


def test_a_spam_brand_in_the_title_goes_and_is_counted():
    page = ("<html><head><title>警方提醒：谨防冒充客服退款诈骗开云体育官网_法治网</title></head><body>"
            "<h1>警方提醒：谨防冒充客服退款诈骗开云体育官网</h1><p>2026年11月01日 来源：法治日报</p>"
            + "<p>近日，多名市民接到自称电商客服的电话，称其订单异常需要退款，随后被诱导下载屏幕共享软件并转账。"
              "警方提醒，正规客服不会要求转账，接到此类电话请立即挂断并拨打96110。</p>" * 2 + "</body></html>")
    article = extract(page.encode(), "http://a.example/1.html")
    assert article.title == "警方提醒：谨防冒充客服退款诈骗" and "开云" not in article.text
    assert article.spam_removed and any("开云体育官网" in r for r in article.spam_removed)


@pytest.mark.parametrize("title, text, on", [
    ("一起合同诈骗案二审宣判", "被告人以承接工程为名签订合同，骗取工程保证金二百万元，构成合同诈骗罪。", False),
    ("骗保团伙落网", "该团伙虚构住院记录骗取医保基金，涉嫌诈骗犯罪。", False),
    ("街头猜球骗局", "几名男子在街头设局猜球，诈骗路人钱财，民警当场抓获。", False),
    # fraud words of any kind (骗取, 欺诈) with no phone or network stay out
    ("假茅台诈骗案宣判", "被告人以低价出售假冒茅台酒为名，在酒店当面交易，骗取被害人货款。", False),
    ("保险欺诈案", "男子故意制造交通事故骗取保险金，涉嫌保险欺诈被捕。", False),
    # a word that names no medium (假冒, 理赔, 境外) beside 诈骗 makes no telecom fraud of an offline one
    ("假冒茅台诈骗案", "被告人在酒店当面出售假冒茅台诈骗被害人。", False),
    ("理赔诈骗", "男子伪造病历理赔诈骗保险公司。", False),
    ("境外诈骗", "男子在境外赌场诈骗同乡。", False),
    ("警方破获电信网络诈骗案", "犯罪团伙冒充客服拨打电话，诱导受害人转账。", True),
    ("警方破獲電話騙案", "騙徒假冒官員致電長者，要求轉賬至指定戶口，警方呼籲市民提防電騙。", True),
    ("網上騙案上升", "警方表示，網上購物騙案及網上情緣騙案個案上升，騙徒多透過社交平台接觸受害人。", True),
])
def test_the_judge_keeps_telecom_and_online_fraud_only(title, text, on):
    assert (relevance(title, text, LEXICON).score >= 4) is on


def test_pinyin_artefacts_are_cleaned_before_scoring():
    from archive.clean import clean_text

    raw = "電(diàn)信(xìn)網(wǎng)絡(luò)詐(zhà)騙(piàn)案件高發(fā)，警方提醒市民提防電話騙案。"
    assert relevance(None, clean_text(raw), LEXICON).score > relevance(None, raw, LEXICON).score
    # the same without tones, as a content farm prints it after single characters (中共(gong)二十大 on a real page)
    raw = "警方(fang)提醒：电(dian)信网(wang)络诈(zha)骗案件高发，接到自称客服的电(dian)话要核实，不要转(zhuan)账。"
    clean = "警方提醒：电信网络诈骗案件高发，接到自称客服的电话要核实，不要转账。"
    assert clean_text(raw) == clean
    assert relevance(None, clean_text(raw), LEXICON).score == relevance(None, clean, LEXICON).score
    assert relevance(None, raw, LEXICON).score < relevance(None, clean, LEXICON).score
    assert clean_text("人工智能(ai)换脸诈骗频发。") == "人工智能(ai)换脸诈骗频发。"  # one bracketed syllable stays


@pytest.mark.skipif(not (SHARED / "corpus" / "relevance").is_dir(), reason="../shared/corpus/relevance is absent")
def test_the_held_out_real_texts():
    """A regression guard on the held-out part of the real labelled texts (never tuned on); the
    figures themselves are `make bench-relevance`'s."""
    from archive import relevance_eval

    judged = [j for j in relevance_eval.judge_set(SHARED / "corpus" / "relevance")
              if relevance_eval.part_of(j.number) == "held-out"]
    precision, recall, *_ = relevance_eval.precision_recall(judged, 4.0)
    assert precision >= 0.97 and recall >= 0.85, (precision, recall)
    stored_spam = [p for j in judged if j.score >= 4.0 for p in j.spam_left]
    assert len(stored_spam) <= 1, stored_spam


def test_a_hospital_ads_question_a_casino_list_and_a_casino_city_site_go_and_one_casino_named_stays():
    rules = SpamRules.load()
    story = "近日，市公安局反诈中心接到群众报案。"
    assert rules.clean("北京治疗白癜风哪家医院好\n" + story).text == story
    assert rules.clean("威尼斯人-澳门葡京-金沙娱乐-永利皇宫\n" + story).text == story
    cleaned = rules.clean("警方提醒：谨防网络刷单诈骗，澳门金沙娱乐城官方网址。切勿轻信。").text
    assert cleaned == "警方提醒：谨防网络刷单诈骗。切勿轻信。"
    # a casino company named in business news, two of them in a list, is news
    news = "银河娱乐、金沙中国两家公司公布季度业绩。"
    assert rules.clean(news).text == news


def test_a_comma_joined_porn_keyword_line_goes_and_a_headline_of_short_clauses_stays():
    """A hacked page's first line of porn keywords joined by commas, four of them, one with a word the rules name
    (2026-12-03, probe M: left whole before, as the run of the rule stopped at a comma); a line of short clauses that
    reports a sextortion case is news."""
    article = "近日，市民魏先生收到航班取消的短信，随后拨打了短信中的客服电话。"
    keywords = "某某男女视频30分钟,狂野欧美a片软件下载,美国某某大片,都市系列交换合集"
    cleaned = RULES.clean(f"{keywords}\n{article}")
    assert cleaned.text == article and cleaned.removed
    headline = "女子下载a片软件,被裸聊敲诈,警方提醒,谨防上当"
    assert RULES.clean(f"{headline}\n{article}").text == f"{headline}\n{article}"


def test_mark_six_tip_site_keywords_go_and_what_fraud_reports_say_about_the_lottery_stays():
    """Hacked pages' commonest spam: 六合彩 tip-site keywords in 【…】 lists and in SEO titles (found on real
    SEO-farm pages, probe of 2026-12-03: none was removed before). The items here are written for the test."""
    story = "近日，市民陈女士在社交平台结识一名自称投资导师的网友，随后被拉进投资群。"
    keywords = ("【某地一肖一码资料】,【今晚开奖结果查询最新版本】,【2025年正版资料免费大全】,"
                "【某某论坛三中三】,【澳门天天开好彩】")
    cleaned = RULES.clean(f"{keywords}\n{story}")
    assert cleaned.text == story and len(cleaned.removed) >= 3
    title = RULES.clean("新澳门今晚开奖结果,精选解释落实：警方提醒谨防网络投资诈骗").text
    assert title == "警方提醒谨防网络投资诈骗"
    # what fraud reports say: 六合彩 schemes, a victim called 白小姐, an accounting app, the state lottery
    for news in ("警方破获一起利用网络六合彩实施诈骗的案件，受害人白小姐被骗3万元。",
                 "该公司使用管家婆软件记账，财务人员接到冒充老板的电话后转账。",
                 "体彩开奖结果以官方公布为准，谨防冒充彩票中心的诈骗短信。"):
        assert RULES.clean(news).text == news, news


@pytest.mark.parametrize("line", ["重庆近视眼手术费用", "治疗白癜风的偏方", "银屑病能治好吗", "天津哪里看早泄好",
                                  "广州治疗痛风最好的医院", "杭州试管婴儿医院"])
def test_a_clinic_adverts_keyword_line_goes_and_the_same_words_in_a_sentence_stay(line):
    story = "近日，市公安局反诈中心发布预警，提醒市民警惕冒充医院客服的诈骗。"
    assert RULES.clean(f"{line}\n{story}").text == story
    # a disease and a cost inside a sentence are the story's
    sentence = "骗子谎称其子近视眼手术费用不足，要求家长转账；另一名痛风患者听信网上偏方被骗。"
    assert RULES.clean(sentence).text == sentence


def test_a_hospital_ad_asked_the_other_way_round_goes_with_its_link():
    story = "接到自称公安的来电，说你涉及某某案件，这很可能是诈骗。"
    cleaned = RULES.clean("上海哪个医院牛皮癣治的好 http://www.example-clinic.com/\n" + story)
    assert cleaned.text == story and cleaned.removed


def test_a_long_porn_keyword_list_that_goes_on_with_commas_goes_whole_and_an_age_gate_keyword_leaves_sentences():
    """Real hacked pages (2026-12-03): a porn site's keywords joined by _ for a dozen items, then by commas (the
    commas made it read as a sentence, so only the items the rules name went and the rest stayed); 未满18周岁网址
    pasted into an anti-fraud commentary's sentences. The items here are written for the test."""
    story = "警方提醒，接到自称客服的电话要求转账，一定是诈骗。"
    keywords = ("某某精品自拍_某某免费高清在线观看_国产某某大片在线观看_某某无码制服_一本色道久久综合网站免费_"
                "某某无码中出_国模精品一区二区_在线午夜福利一区,某地老熟女视频,某某在线播放")
    assert RULES.clean(f"{keywords}\n{story}").text == story
    injected = "监管部门发布防范新型电信网络诈骗风险提示未满18周岁网址,普及反诈知识。"
    assert RULES.clean(injected).text == "监管部门发布防范新型电信网络诈骗风险提示,普及反诈知识。"
    news = "未满18周岁的学生在网站上被骗，家长要看好孩子的手机。"
    assert RULES.clean(news).text == news
    byline = "记者_张三_李四_王五_赵六_钱七,防范诈骗"  # a line with a crime report's words is no keyword list
    assert not keyword_list(byline) and keyword_list("甲乙_丙丁_戊己_庚辛_壬癸_子丑_寅卯,辰巳,午未")


def test_a_brand_pasted_into_a_word_goes_and_the_word_closes_up():
    """A real casino farm's copy of a police story (2026-12-03): the brand and its sign-up words were pasted
    into the middle of 反诈 in the headline, in two pieces joined by "- "; removing them one by one left 反 诈,
    which no reader (and no lexicon) takes for a word. The strings here are written for the test."""
    title = "民警进社区开展反乐鱼体育- 乐鱼体育官方网站- APP下载诈宣传"
    assert RULES.clean(title).text == "民警进社区开展反诈宣传"
    spaced = "拉锯三小时 乐鱼体育 守住群众钱袋子"  # the headline's own spaces around the spam are not the spam's
    assert RULES.clean(spaced).text == "拉锯三小时 守住群众钱袋子"


def test_an_seo_templates_unfilled_placeholder_goes_even_inside_a_quotation():
    """A real hacked mirror of a provincial government site (2026-12-03) printed 关键词2 where the farm's template
    meant 我们, inside the police officer's quoted words; a quotation spares a brand the article quotes, but a
    placeholder is no word anyone said. A numbered keyword list in an article stays."""
    quoted = "民警一进门就说：“关键词3是派出所的反诈民警，这笔钱千万不能交！”"
    assert RULES.clean(quoted).text == "民警一进门就说：“是派出所的反诈民警，这笔钱千万不能交！”"
    assert RULES.clean("你别固执了，警察不会无缘无故来找关键词1。").removed == ("关键词1",)
    summary = "年度反诈报告的关键词1：断卡。关键词2：劝阻。"
    assert RULES.clean(summary).text == summary


def test_macau_before_a_casino_brand_goes_with_it_and_the_date_after_it_stays():
    """A real content farm's copy of an overseas Chinese paper's report (2026-12-03) had the outlet's name replaced
    by 大澳门威尼斯人赌场官网 in the byline and the dateline; the rules took 威尼斯人赌场官网 and the year glued after it
    (【大澳门04月13日讯】). The strings here are written for the test."""
    dateline = "【某某澳门威尼斯人赌场官网2019年05月20日讯】警方提醒市民识别假警察。"
    assert RULES.clean(dateline).text == "【某某2019年05月20日讯】警方提醒市民识别假警察。"


def test_macau_casinos_named_as_places_stay_and_as_keywords_go():
    """Real Macau police and court news (2026-12-03) names casino resorts as the places where things happened
    (千王騙術在澳門威尼斯人度假村賭場上演, 澳门赌场收入, 在澳门金沙输光赌本): the Macau rule removed every one of them. A
    casino or hotel name is spam with a sign-up word after it, or glued to a word that leads to no place (the shared
    set's 台风更强大澳门酒店,但…, at a clause's end); bare in mid-clause it is a place (称其澳门金沙接到…, once in the
    mid-sentence brand list above, cannot be told from 台风过后澳门酒店入住率…). The sentences are written for the test."""
    for news in ("骗局在澳门威尼斯人度假村赌场上演，警方拘捕三人。", "台风过后澳门酒店入住率下降，澳门赌场收入减少。",
                 "他在澳门金沙输光赌本后向人借高利贷。", "演唱会将在澳门威尼斯人综艺馆举行，有人在网上卖假票。"):
        assert RULES.clean(news).text == news
    assert RULES.clean("这次台风比上次更强大澳门酒店，但准备更充分。").text == "这次台风比上次更强大，但准备更充分。"
    assert RULES.clean("警方提醒：澳门新葡京官网注册是赌博网站的入口。").removed


def test_a_brand_shape_alone_on_its_line_goes_and_a_subheading_stays():
    """The shared set's hacked headline ended on a casino name no rule listed (完美电竞平台), and real hacked pages put
    unknown brands on lines of their own; a line of nothing but a brand shape (a name, a betting word, maybe 平台 or
    官网) goes. A subheading that names a kind of betting (网络彩票, 非法彩票) stays. Strings written for the test."""
    story = "民警提醒，不要向陌生账户转账。"
    assert RULES.clean(f"星耀体育\n{story}\n某某电竞平台").text == story
    assert RULES.clean("球队公布最严考核办法 某某电竞平台").text == "球队公布最严考核办法"  # a segment of a headline
    for heading in ("网络彩票", "非法彩票", "校园体育"):
        assert RULES.clean(f"{heading}\n{story}").text == f"{heading}\n{story}"
    # an entertainment portal's name is a medium, not a brand shape (a page's title was 网易娱乐 alone)
    assert RULES.clean(f"网易娱乐\n{story}").text == f"网易娱乐\n{story}"


def test_a_headline_keeps_no_joiner_or_word_of_the_brand_after_it():
    """SEO-farm headlines (2026-12-03, written for the test after real ones): the brand hung on the headline by a joiner
    left the joiner dangling (反诈宣传进校园 -), 官方网站 after a brand lost only 官方 (…谨防刷单诈骗网站 changed the
    headline's meaning), and a casino name in brackets before a headline was read as a place."""
    assert RULES.clean("反诈宣传进校园 - 星耀体育").text == "反诈宣传进校园"
    assert RULES.clean("反诈宣传进社区 | 某某体育官方网站").text == "反诈宣传进社区"
    assert RULES.clean("警方提醒：谨防刷单诈骗-九游会J9官方网站").text == "警方提醒：谨防刷单诈骗"
    assert RULES.clean("【澳门新葡京】民警提醒谨防诈骗").text == "民警提醒谨防诈骗"
    assert RULES.clean("2024-05-01 | 反诈宣传").text == "2024-05-01 | 反诈宣传"  # no spam: untouched
