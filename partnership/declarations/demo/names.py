"""Plausible, fictional Japanese company names for the demo registry.

A name is built from a stem (a family name, a place or nature word, an auspicious kanji
compound, a shop mark such as 丸三, a katakana or hiragana coinage) and a business word that
suits the company's JSIC major division (建設 for construction, 製作所 for manufacturing ...),
wrapped in a legal form (株式会社 before or after the name, 有限会社, 合同会社 ...).

Every piece carries its reading in katakana and its romanisation (Hepburn, no macrons), so the
reading and the English name are assembled alongside the Japanese one. The reading leaves the
legal form out, as the national corporate-number register does for its furigana.

Everything is drawn from the ``random.Random`` passed in, and only through its ``random`` and
``choice`` methods, so the same generator state always gives the same names. All vocabularies
are tuples built once at import; a call only picks and joins strings.

Stems that are, or would combine into, the names of well-known real companies are left out, and
the few combinations the vocabularies cannot avoid are listed in ``_RESERVED`` and redrawn.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

__all__ = ["CompanyName", "company_name", "person_name", "representative_title"]


@dataclass(frozen=True, slots=True)
class CompanyName:
    name: str  # e.g. 株式会社山田精工, 北斗建設株式会社, 合同会社みらいデザイン
    kana: str  # full-width katakana reading without the legal form, e.g. ヤマダセイコウ
    english: str  # e.g. "Yamada Seiko Co., Ltd."
    legal_form: str  # the Japanese legal form, e.g. 株式会社 (a hint for representative_title)


# -- building blocks ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Word:
    ja: str
    kana: str  # katakana reading
    romaji: str  # Hepburn romanisation, used for stems and for "romanised" English names
    english: tuple[str, ...]  # translations; one is picked for "translated" English names


_HIRA_TO_KATA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def _katakana(text: str) -> str:
    return text.translate(_HIRA_TO_KATA)


def _is_katakana(text: str) -> bool:
    return all("\u30a1" <= char <= "\u30fa" or char == "ー" for char in text)


def _join(left: str, right: str) -> str:
    """Join English parts: "~ya" sticks to the word before it, "-kai" keeps its hyphen."""
    if right.startswith("~"):
        return left + right[1:]
    if right.startswith("-"):
        return left + right
    return f"{left} {right}"


def _stems(table: str) -> tuple[_Word, ...]:
    """Parse whitespace-separated ``ja:kana:Romaji`` entries (kana may be left empty for
    kana-only stems; it is then the katakana form of ``ja``)."""
    words = []
    for entry in table.split():
        ja, kana, romaji = entry.split(":")
        words.append(_Word(ja, kana or _katakana(ja), romaji, (romaji,)))
    return tuple(words)


def _words(table: str) -> tuple[tuple[_Word, float], ...]:
    """Parse ``ja|kana|romaji|english/alternative|weight`` lines. An empty kana is the katakana
    form of ``ja``, an empty romaji the first English word (katakana loanwords), an empty
    English the romaji, an empty weight 1."""
    words = []
    for line in table.strip().splitlines():
        ja, kana, romaji, english, weight = [*line.split("|"), "", "", "", ""][:5]
        translations = tuple(english.split("/")) if english else (romaji,)
        words.append(
            (
                _Word(ja, kana or _katakana(ja), romaji or translations[0], translations),
                float(weight or 1),
            )
        )
    return tuple(words)


def _compounds(mods: str, bases: str, weight: float = 1.0) -> tuple[tuple[_Word, float], ...]:
    """Every modifier followed by every base (精密 + 工業 = 精密工業 "Precision Industries")."""
    return tuple(
        (
            _Word(
                mod.ja + base.ja,
                mod.kana + base.kana,
                _join(mod.romaji, base.romaji),
                tuple(_join(m, b) for m in mod.english for b in base.english),
            ),
            weight,
        )
        for mod, _ in _words(mods)
        for base, _ in _words(bases)
    )


def _cumulative(weights: Iterable[float]) -> tuple[float, ...]:
    return tuple(accumulate(weights))


def _pick(rng: random.Random, cum: Sequence[float]) -> int:
    """Index drawn with the weights whose running totals are ``cum`` (as random.choices)."""
    return bisect_right(cum, rng.random() * cum[-1], 0, len(cum) - 1)


# -- stems -------------------------------------------------------------------------------------

# Common family names. Left out on purpose: names that are (or, with a business word, would
# be) famous companies: 松田, 本田, 豊田, 松下, 村田, 小松, 島津, 堀場, 竹中, 鹿島, 戸田, 西松,
# 熊谷, 奥村, 大林, 野村, 大塚, 武田, 竹田, 田辺, 久保田, 服部, 岡村 ...
_FAMILY = _stems(
    """
    佐藤:サトウ:Sato 鈴木:スズキ:Suzuki 高橋:タカハシ:Takahashi 田中:タナカ:Tanaka
    伊藤:イトウ:Ito 渡辺:ワタナベ:Watanabe 山本:ヤマモト:Yamamoto 中村:ナカムラ:Nakamura
    小林:コバヤシ:Kobayashi 加藤:カトウ:Kato 吉田:ヨシダ:Yoshida 山田:ヤマダ:Yamada
    佐々木:ササキ:Sasaki 山口:ヤマグチ:Yamaguchi 松本:マツモト:Matsumoto 井上:イノウエ:Inoue
    木村:キムラ:Kimura 林:ハヤシ:Hayashi 斎藤:サイトウ:Saito 清水:シミズ:Shimizu
    山崎:ヤマザキ:Yamazaki 森:モリ:Mori 池田:イケダ:Ikeda 橋本:ハシモト:Hashimoto
    阿部:アベ:Abe 石川:イシカワ:Ishikawa 山下:ヤマシタ:Yamashita 中島:ナカジマ:Nakajima
    石井:イシイ:Ishii 小川:オガワ:Ogawa 前田:マエダ:Maeda 岡田:オカダ:Okada
    長谷川:ハセガワ:Hasegawa 藤田:フジタ:Fujita 後藤:ゴトウ:Goto 近藤:コンドウ:Kondo
    村上:ムラカミ:Murakami 遠藤:エンドウ:Endo 青木:アオキ:Aoki 坂本:サカモト:Sakamoto
    福田:フクダ:Fukuda 太田:オオタ:Ota 西村:ニシムラ:Nishimura 藤井:フジイ:Fujii
    金子:カネコ:Kaneko 岡本:オカモト:Okamoto 藤原:フジワラ:Fujiwara 中野:ナカノ:Nakano
    三浦:ミウラ:Miura 原田:ハラダ:Harada 中川:ナカガワ:Nakagawa 小野:オノ:Ono
    田村:タムラ:Tamura 竹内:タケウチ:Takeuchi 和田:ワダ:Wada 中山:ナカヤマ:Nakayama
    石田:イシダ:Ishida 上田:ウエダ:Ueda 森田:モリタ:Morita 原:ハラ:Hara
    柴田:シバタ:Shibata 酒井:サカイ:Sakai 工藤:クドウ:Kudo 横山:ヨコヤマ:Yokoyama
    宮崎:ミヤザキ:Miyazaki 宮本:ミヤモト:Miyamoto 内田:ウチダ:Uchida 高木:タカギ:Takagi
    安藤:アンドウ:Ando 谷口:タニグチ:Taniguchi 大野:オオノ:Ono 丸山:マルヤマ:Maruyama
    今井:イマイ:Imai 高田:タカダ:Takada 藤本:フジモト:Fujimoto 上野:ウエノ:Ueno
    杉山:スギヤマ:Sugiyama 増田:マスダ:Masuda 平野:ヒラノ:Hirano 千葉:チバ:Chiba
    久保:クボ:Kubo 松井:マツイ:Matsui 小島:コジマ:Kojima 岩崎:イワサキ:Iwasaki
    桜井:サクライ:Sakurai 野口:ノグチ:Noguchi 松尾:マツオ:Matsuo 木下:キノシタ:Kinoshita
    菊地:キクチ:Kikuchi 佐野:サノ:Sano 大西:オオニシ:Onishi 杉本:スギモト:Sugimoto
    新井:アライ:Arai 浜田:ハマダ:Hamada 菅原:スガワラ:Sugawara 市川:イチカワ:Ichikawa
    水野:ミズノ:Mizuno 島田:シマダ:Shimada 古川:フルカワ:Furukawa 小山:コヤマ:Koyama
    高野:タカノ:Takano 西田:ニシダ:Nishida 菊池:キクチ:Kikuchi 山内:ヤマウチ:Yamauchi
    西川:ニシカワ:Nishikawa 五十嵐:イガラシ:Igarashi 北村:キタムラ:Kitamura 安田:ヤスダ:Yasuda
    中田:ナカタ:Nakata 川口:カワグチ:Kawaguchi 平田:ヒラタ:Hirata 川上:カワカミ:Kawakami
    東:アズマ:Azuma 飯田:イイダ:Iida 沢田:サワダ:Sawada 辻:ツジ:Tsuji
    関:セキ:Seki 吉村:ヨシムラ:Yoshimura 渡部:ワタナベ:Watanabe 岩田:イワタ:Iwata
    中西:ナカニシ:Nakanishi 樋口:ヒグチ:Higuchi 福島:フクシマ:Fukushima 川村:カワムラ:Kawamura
    永井:ナガイ:Nagai 松岡:マツオカ:Matsuoka 田口:タグチ:Taguchi 山中:ヤマナカ:Yamanaka
    森本:モリモト:Morimoto 土屋:ツチヤ:Tsuchiya 矢野:ヤノ:Yano 広瀬:ヒロセ:Hirose
    秋山:アキヤマ:Akiyama 石原:イシハラ:Ishihara 大橋:オオハシ:Ohashi 松浦:マツウラ:Matsuura
    吉川:ヨシカワ:Yoshikawa 岡崎:オカザキ:Okazaki 小池:コイケ:Koike 馬場:ババ:Baba
    浅野:アサノ:Asano 荒木:アラキ:Araki 大久保:オオクボ:Okubo 野田:ノダ:Noda
    小沢:オザワ:Ozawa 川田:カワダ:Kawada 星野:ホシノ:Hoshino 黒田:クロダ:Kuroda
    堀:ホリ:Hori 尾崎:オザキ:Ozaki 望月:モチヅキ:Mochizuki 永田:ナガタ:Nagata
    内藤:ナイトウ:Naito 松村:マツムラ:Matsumura 西山:ニシヤマ:Nishiyama 大谷:オオタニ:Otani
    平井:ヒライ:Hirai 大島:オオシマ:Oshima 岩本:イワモト:Iwamoto 片山:カタヤマ:Katayama
    本間:ホンマ:Honma 早川:ハヤカワ:Hayakawa 横田:ヨコタ:Yokota 岡:オカ:Oka
    荒井:アライ:Arai 大石:オオイシ:Oishi 鎌田:カマタ:Kamata 成田:ナリタ:Narita
    宮田:ミヤタ:Miyata 小田:オダ:Oda 石橋:イシバシ:Ishibashi 篠原:シノハラ:Shinohara
    須藤:スドウ:Sudo 河野:コウノ:Kono 大沢:オオサワ:Osawa 小西:コニシ:Konishi
    南:ミナミ:Minami 高山:タカヤマ:Takayama 栗原:クリハラ:Kurihara 伊東:イトウ:Ito
    松原:マツバラ:Matsubara 三宅:ミヤケ:Miyake 福井:フクイ:Fukui 大森:オオモリ:Omori
    内山:ウチヤマ:Uchiyama 片岡:カタオカ:Kataoka 桑原:クワバラ:Kuwabara 関口:セキグチ:Sekiguchi
    北川:キタガワ:Kitagawa 奥田:オクダ:Okuda 富田:トミタ:Tomita 八木:ヤギ:Yagi
    吉岡:ヨシオカ:Yoshioka 中谷:ナカタニ:Nakatani 森川:モリカワ:Morikawa 宮下:ミヤシタ:Miyashita
    杉田:スギタ:Sugita 今村:イマムラ:Imamura 中尾:ナカオ:Nakao 白石:シライシ:Shiraishi
    松永:マツナガ:Matsunaga 小倉:オグラ:Ogura 前川:マエカワ:Maekawa 村井:ムライ:Murai
    村山:ムラヤマ:Murayama 坂口:サカグチ:Sakaguchi 長田:ナガタ:Nagata 寺田:テラダ:Terada
    金田:カネダ:Kaneda 榎本:エノモト:Enomoto 宇野:ウノ:Uno 大川:オオカワ:Okawa
    堀内:ホリウチ:Horiuchi 土井:ドイ:Doi 西岡:ニシオカ:Nishioka 相馬:ソウマ:Soma
    松島:マツシマ:Matsushima 斉藤:サイトウ:Saito 宮川:ミヤカワ:Miyakawa 安井:ヤスイ:Yasui
    岩井:イワイ:Iwai 高井:タカイ:Takai 水谷:ミズタニ:Mizutani 西野:ニシノ:Nishino
    谷:タニ:Tani 浅井:アサイ:Asai 米田:ヨネダ:Yoneda 平山:ヒラヤマ:Hirayama
    古田:フルタ:Furuta 小谷:コタニ:Kotani 新田:ニッタ:Nitta 谷川:タニガワ:Tanigawa
    大山:オオヤマ:Oyama 中井:ナカイ:Nakai 奥山:オクヤマ:Okuyama 梅田:ウメダ:Umeda
    岸:キシ:Kishi 西:ニシ:Nishi 稲垣:イナガキ:Inagaki 金井:カナイ:Kanai
    菅野:カンノ:Kanno 藤川:フジカワ:Fujikawa 田島:タジマ:Tajima 浅田:アサダ:Asada
    三上:ミカミ:Mikami 上原:ウエハラ:Uehara 野崎:ノザキ:Nozaki 島崎:シマザキ:Shimazaki
    石崎:イシザキ:Ishizaki 大竹:オオタケ:Otake 小森:コモリ:Komori 田代:タシロ:Tashiro
    宮内:ミヤウチ:Miyauchi 北原:キタハラ:Kitahara 長尾:ナガオ:Nagao 細川:ホソカワ:Hosokawa
    藤沢:フジサワ:Fujisawa 吉原:ヨシハラ:Yoshihara 加納:カノウ:Kano 水上:ミズカミ:Mizukami
    芦田:アシダ:Ashida 相沢:アイザワ:Aizawa 江口:エグチ:Eguchi 植田:ウエダ:Ueda
    根本:ネモト:Nemoto 船橋:フナバシ:Funabashi 小原:オハラ:Ohara 増井:マスイ:Masui
    安達:アダチ:Adachi 原口:ハラグチ:Haraguchi 堤:ツツミ:Tsutsumi 長井:ナガイ:Nagai
    川島:カワシマ:Kawashima 佐久間:サクマ:Sakuma 宮原:ミヤハラ:Miyahara 大木:オオキ:Oki
    野中:ノナカ:Nonaka 若林:ワカバヤシ:Wakabayashi 中原:ナカハラ:Nakahara 秋田:アキタ:Akita
    三好:ミヨシ:Miyoshi 坂井:サカイ:Sakai 小坂:コサカ:Kosaka 清田:キヨタ:Kiyota
    森下:モリシタ:Morishita 石黒:イシグロ:Ishiguro 竹下:タケシタ:Takeshita 松野:マツノ:Matsuno
    大井:オオイ:Oi 岡野:オカノ:Okano 岩瀬:イワセ:Iwase 熊田:クマダ:Kumada
    久野:クノ:Kuno 寺島:テラシマ:Terashima 竹村:タケムラ:Takemura 西尾:ニシオ:Nishio
    野沢:ノザワ:Nozawa 大城:オオシロ:Oshiro 比嘉:ヒガ:Higa 宮城:ミヤギ:Miyagi
    金城:キンジョウ:Kinjo 新垣:アラカキ:Arakaki 知念:チネン:Chinen 上村:ウエムラ:Uemura
    福本:フクモト:Fukumoto 中嶋:ナカジマ:Nakajima 田原:タハラ:Tahara 河村:カワムラ:Kawamura
    白井:シライ:Shirai 関根:セキネ:Sekine 秋元:アキモト:Akimoto 千田:チダ:Chida
    岸本:キシモト:Kishimoto 大平:オオヒラ:Ohira 梶原:カジワラ:Kajiwara 徳田:トクダ:Tokuda
    石山:イシヤマ:Ishiyama 笠原:カサハラ:Kasahara 筒井:ツツイ:Tsutsui 柳田:ヤナギダ:Yanagida
    飯塚:イイヅカ:Iizuka 西原:ニシハラ:Nishihara 川端:カワバタ:Kawabata 宮地:ミヤジ:Miyaji
    細田:ホソダ:Hosoda 広田:ヒロタ:Hirota 北島:キタジマ:Kitajima 杉浦:スギウラ:Sugiura
    三木:ミキ:Miki 関谷:セキヤ:Sekiya 今田:イマダ:Imada 板垣:イタガキ:Itagaki
    戸塚:トツカ:Totsuka 成瀬:ナルセ:Naruse 小笠原:オガサワラ:Ogasawara 大和田:オオワダ:Owada
    竹本:タケモト:Takemoto 滝沢:タキザワ:Takizawa 松崎:マツザキ:Matsuzaki 吉野:ヨシノ:Yoshino
    宮脇:ミヤワキ:Miyawaki 本多:ホンダ:Honda 室井:ムロイ:Muroi 塚本:ツカモト:Tsukamoto
    朝倉:アサクラ:Asakura 東田:ヒガシダ:Higashida 荒川:アラカワ:Arakawa 有田:アリタ:Arita
    安部:アベ:Abe 飯島:イイジマ:Iijima 井口:イグチ:Iguchi 池上:イケガミ:Ikegami
    石塚:イシヅカ:Ishizuka 市村:イチムラ:Ichimura 井出:イデ:Ide 稲田:イナダ:Inada
    今野:コンノ:Konno 上山:ウエヤマ:Ueyama 臼井:ウスイ:Usui 内海:ウツミ:Utsumi
    梅原:ウメハラ:Umehara 江藤:エトウ:Eto 及川:オイカワ:Oikawa 大場:オオバ:Oba
    大畑:オオハタ:Ohata 岡島:オカジマ:Okajima 小沼:オヌマ:Onuma 折原:オリハラ:Orihara
    笠井:カサイ:Kasai 梶田:カジタ:Kajita 片桐:カタギリ:Katagiri 加賀谷:カガヤ:Kagaya
    金沢:カナザワ:Kanazawa 神谷:カミヤ:Kamiya 亀井:カメイ:Kamei 川原:カワハラ:Kawahara
    神田:カンダ:Kanda 菊田:キクタ:Kikuta 岸田:キシダ:Kishida 北沢:キタザワ:Kitazawa
    木内:キウチ:Kiuchi 木原:キハラ:Kihara 桐山:キリヤマ:Kiriyama 倉田:クラタ:Kurata
    黒川:クロカワ:Kurokawa 小泉:コイズミ:Koizumi 郡司:グンジ:Gunji 小出:コイデ:Koide
    小宮:コミヤ:Komiya 小寺:コデラ:Kodera 坂上:サカガミ:Sakagami 桜田:サクラダ:Sakurada
    笹川:ササガワ:Sasagawa 沢井:サワイ:Sawai 塩田:シオタ:Shiota 篠田:シノダ:Shinoda
    柴崎:シバサキ:Shibasaki 下田:シモダ:Shimoda 白川:シラカワ:Shirakawa 菅:スガ:Suga
    杉村:スギムラ:Sugimura 須田:スダ:Suda 瀬川:セガワ:Segawa 園田:ソノダ:Sonoda
    高岡:タカオカ:Takaoka 高倉:タカクラ:Takakura 高瀬:タカセ:Takase 高村:タカムラ:Takamura
    滝口:タキグチ:Takiguchi 武井:タケイ:Takei 田所:タドコロ:Tadokoro 立花:タチバナ:Tachibana
    谷本:タニモト:Tanimoto 玉井:タマイ:Tamai 津田:ツダ:Tsuda 土田:ツチダ:Tsuchida
    坪井:ツボイ:Tsuboi 手塚:テヅカ:Tezuka 寺尾:テラオ:Terao 遠山:トオヤマ:Toyama
    徳永:トクナガ:Tokunaga 豊島:トヨシマ:Toyoshima 中沢:ナカザワ:Nakazawa 中本:ナカモト:Nakamoto
    長島:ナガシマ:Nagashima 仲田:ナカタ:Nakata 名取:ナトリ:Natori 西沢:ニシザワ:Nishizawa
    西本:ニシモト:Nishimoto 丹羽:ニワ:Niwa 野上:ノガミ:Nogami 萩原:ハギワラ:Hagiwara
    橋口:ハシグチ:Hashiguchi 長谷部:ハセベ:Hasebe 畑中:ハタナカ:Hatanaka 花田:ハナダ:Hanada
    浜口:ハマグチ:Hamaguchi 林田:ハヤシダ:Hayashida 日比野:ヒビノ:Hibino 平松:ヒラマツ:Hiramatsu
    広川:ヒロカワ:Hirokawa 深沢:フカザワ:Fukazawa 藤岡:フジオカ:Fujioka 藤村:フジムラ:Fujimura
    船木:フナキ:Funaki 古屋:フルヤ:Furuya 星:ホシ:Hoshi 堀川:ホリカワ:Horikawa
    前原:マエハラ:Maehara 牧野:マキノ:Makino 町田:マチダ:Machida 松川:マツカワ:Matsukawa
    水口:ミズグチ:Mizuguchi 溝口:ミゾグチ:Mizoguchi 三谷:ミタニ:Mitani 村松:ムラマツ:Muramatsu
    茂木:モテギ:Motegi 元木:モトキ:Motoki 森岡:モリオカ:Morioka 矢島:ヤジマ:Yajima
    柳沢:ヤナギサワ:Yanagisawa 矢部:ヤベ:Yabe 山岸:ヤマギシ:Yamagishi 山根:ヤマネ:Yamane
    山村:ヤマムラ:Yamamura 湯浅:ユアサ:Yuasa 横井:ヨコイ:Yokoi 吉井:ヨシイ:Yoshii
    吉永:ヨシナガ:Yoshinaga 米山:ヨネヤマ:Yoneyama
    """
)

# Old provinces, regions, mountains, rivers and coasts, then nature words.
_PLACE = _stems(
    """
    北斗:ホクト:Hokuto 東海:トウカイ:Tokai 瀬戸内:セトウチ:Setouchi 富士:フジ:Fuji
    大和:ヤマト:Yamato 三河:ミカワ:Mikawa 信州:シンシュウ:Shinshu 阿蘇:アソ:Aso
    北上:キタカミ:Kitakami 利根:トネ:Tone 筑波:ツクバ:Tsukuba 那須:ナス:Nasu
    吉野:ヨシノ:Yoshino 熊野:クマノ:Kumano 出雲:イズモ:Izumo 石狩:イシカリ:Ishikari
    十勝:トカチ:Tokachi 日高:ヒダカ:Hidaka 津軽:ツガル:Tsugaru 会津:アイヅ:Aizu
    房総:ボウソウ:Boso 湘南:ショウナン:Shonan 甲斐:カイ:Kai 越後:エチゴ:Echigo
    加賀:カガ:Kaga 能登:ノト:Noto 若狭:ワカサ:Wakasa 丹波:タンバ:Tanba
    播磨:ハリマ:Harima 備前:ビゼン:Bizen 讃岐:サヌキ:Sanuki 土佐:トサ:Tosa
    伊予:イヨ:Iyo 筑紫:ツクシ:Tsukushi 肥後:ヒゴ:Higo 薩摩:サツマ:Satsuma
    南海:ナンカイ:Nankai 北陸:ホクリク:Hokuriku 山陰:サンイン:Sanin 東北:トウホク:Tohoku
    関東:カントウ:Kanto 中部:チュウブ:Chubu 近畿:キンキ:Kinki 九州:キュウシュウ:Kyushu
    四国:シコク:Shikoku 常磐:ジョウバン:Joban 武蔵:ムサシ:Musashi 相模:サガミ:Sagami
    駿河:スルガ:Suruga 遠州:エンシュウ:Enshu 尾張:オワリ:Owari 美濃:ミノ:Mino
    飛騨:ヒダ:Hida 伊勢:イセ:Ise 紀州:キシュウ:Kishu 淡路:アワジ:Awaji
    吉備:キビ:Kibi 周防:スオウ:Suo 長門:ナガト:Nagato 日向:ヒュウガ:Hyuga
    出羽:デワ:Dewa 陸奥:ムツ:Mutsu 上州:ジョウシュウ:Joshu 阿波:アワ:Awa
    丹後:タンゴ:Tango 但馬:タジマ:Tajima 因幡:イナバ:Inaba 石見:イワミ:Iwami
    備後:ビンゴ:Bingo 安芸:アキ:Aki 豊後:ブンゴ:Bungo 肥前:ヒゼン:Hizen
    大隅:オオスミ:Osumi 琉球:リュウキュウ:Ryukyu 越前:エチゼン:Echizen 越中:エッチュウ:Etchu
    佐渡:サド:Sado 摂津:セッツ:Settsu 河内:カワチ:Kawachi 和泉:イズミ:Izumi
    近江:オウミ:Omi 伊賀:イガ:Iga 志摩:シマ:Shima 知多:チタ:Chita
    渥美:アツミ:Atsumi 鈴鹿:スズカ:Suzuka 浜名:ハマナ:Hamana 天竜:テンリュウ:Tenryu
    木曽:キソ:Kiso 諏訪:スワ:Suwa 安曇:アズミ:Azumi 蔵王:ザオウ:Zao
    八甲田:ハッコウダ:Hakkoda 岩木:イワキ:Iwaki 最上:モガミ:Mogami 男鹿:オガ:Oga
    鳥海:チョウカイ:Chokai 北見:キタミ:Kitami 釧路:クシロ:Kushiro 宗谷:ソウヤ:Soya
    知床:シレトコ:Shiretoko 大雪:タイセツ:Taisetsu 秩父:チチブ:Chichibu 多摩:タマ:Tama
    箱根:ハコネ:Hakone 丹沢:タンザワ:Tanzawa 伊豆:イズ:Izu 浅間:アサマ:Asama
    白山:ハクサン:Hakusan 立山:タテヤマ:Tateyama 比叡:ヒエイ:Hiei 六甲:ロッコウ:Rokko
    生駒:イコマ:Ikoma 葛城:カツラギ:Katsuragi 大山:ダイセン:Daisen 石鎚:イシヅチ:Ishizuchi
    霧島:キリシマ:Kirishima 桜島:サクラジマ:Sakurajima 雲仙:ウンゼン:Unzen 玄海:ゲンカイ:Genkai
    有明:アリアケ:Ariake 不知火:シラヌイ:Shiranui 球磨:クマ:Kuma 四万十:シマント:Shimanto
    鳴門:ナルト:Naruto 宇和:ウワ:Uwa
    青葉:アオバ:Aoba 若葉:ワカバ:Wakaba 朝日:アサヒ:Asahi 光:ヒカリ:Hikari
    桜:サクラ:Sakura みどり::Midori 日の出:ヒノデ:Hinode 旭:アサヒ:Asahi
    暁:アカツキ:Akatsuki 曙:アケボノ:Akebono 葵:アオイ:Aoi 楓:カエデ:Kaede
    白樺:シラカバ:Shirakaba 銀河:ギンガ:Ginga 大地:ダイチ:Daichi 太陽:タイヨウ:Taiyo
    松風:マツカゼ:Matsukaze 清流:セイリュウ:Seiryu 緑:ミドリ:Midori 泉:イズミ:Izumi
    若松:ワカマツ:Wakamatsu 千歳:チトセ:Chitose 常盤:トキワ:Tokiwa 橘:タチバナ:Tachibana
    萩:ハギ:Hagi 桔梗:キキョウ:Kikyo 鶴:ツル:Tsuru 鳳:オオトリ:Otori
    飛鳥:アスカ:Asuka 北辰:ホクシン:Hokushin 北星:ホクセイ:Hokusei 白鷺:シラサギ:Shirasagi
    白鳥:ハクチョウ:Hakucho 若竹:ワカタケ:Wakatake 春日:カスガ:Kasuga 大空:オオゾラ:Ozora
    紅葉:モミジ:Momiji 富士見:フジミ:Fujimi
    """
)

# Auspicious kanji compounds of the kind countless small firms are named after.
_AUSPICIOUS = _stems(
    """
    共栄:キョウエイ:Kyoei 協和:キョウワ:Kyowa 三栄:サンエイ:Sanei 三和:サンワ:Sanwa
    三光:サンコウ:Sanko 三進:サンシン:Sanshin 三信:サンシン:Sanshin 三宝:サンポウ:Sanpo
    大栄:ダイエイ:Daiei 大興:ダイコウ:Daiko 大進:ダイシン:Daishin 大信:ダイシン:Daishin
    大洋:タイヨウ:Taiyo 太平:タイヘイ:Taihei 東光:トウコウ:Toko 東和:トウワ:Towa
    西栄:セイエイ:Seiei 南栄:ナンエイ:Nanei 南洋:ナンヨウ:Nanyo 北栄:ホクエイ:Hokuei
    北洋:ホクヨウ:Hokuyo 北進:ホクシン:Hokushin 北光:ホッコウ:Hokko 新栄:シンエイ:Shinei
    新和:シンワ:Shinwa 新興:シンコウ:Shinko 中央:チュウオウ:Chuo 平和:ヘイワ:Heiwa
    正栄:ショウエイ:Shoei 誠和:セイワ:Seiwa 栄光:エイコウ:Eiko 栄進:エイシン:Eishin
    永和:エイワ:Eiwa 旭栄:キョクエイ:Kyokuei 旭光:キョッコウ:Kyokko 金星:キンセイ:Kinsei
    豊栄:ホウエイ:Hoei 福栄:フクエイ:Fukuei 八洲:ヤシマ:Yashima 八千代:ヤチヨ:Yachiyo
    万葉:マンヨウ:Manyo 共立:キョウリツ:Kyoritsu 大昭:ダイショウ:Daisho 天栄:テンエイ:Tenei
    天洋:テンヨウ:Tenyo 極東:キョクトウ:Kyokuto 瑞祥:ズイショウ:Zuisho 吉祥:キッショウ:Kissho
    睦:ムツミ:Mutsumi 隆盛:リュウセイ:Ryusei 一心:イッシン:Isshin 一誠:イッセイ:Issei
    誠心:セイシン:Seishin 健栄:ケンエイ:Kenei 拓洋:タクヨウ:Takuyo 拓進:タクシン:Takushin
    開進:カイシン:Kaishin 明和:メイワ:Meiwa 明興:メイコウ:Meiko 新明:シンメイ:Shinmei
    恵和:ケイワ:Keiwa 協進:キョウシン:Kyoshin 日栄:ニチエイ:Nichiei 飛翔:ヒショウ:Hisho
    雄飛:ユウヒ:Yuhi 友和:ユウワ:Yuwa 友栄:ユウエイ:Yuei 豊洋:ホウヨウ:Hoyo
    豊進:ホウシン:Hoshin 萬栄:マンエイ:Manei 長栄:チョウエイ:Choei 永昌:エイショウ:Eisho
    第一:ダイイチ:Daiichi 信栄:シンエイ:Shinei 進栄:シンエイ:Shinei 伸栄:シンエイ:Shinei
    西進:セイシン:Seishin 南光:ナンコウ:Nanko 和栄:ワエイ:Waei 共進:キョウシン:Kyoshin
    協栄:キョウエイ:Kyoei 共和:キョウワ:Kyowa 三興:サンコウ:Sanko 三幸:サンコウ:Sanko
    三晃:サンコウ:Sanko 大光:ダイコウ:Daiko 大伸:ダイシン:Daishin 大幸:ダイコウ:Daiko
    太洋:タイヨウ:Taiyo 平安:ヘイアン:Heian 安栄:アンエイ:Anei 明進:メイシン:Meishin
    明昭:メイショウ:Meisho 昭光:ショウコウ:Shoko 光進:コウシン:Koshin 光伸:コウシン:Koshin
    光輝:コウキ:Koki 敬愛:ケイアイ:Keiai 清和:セイワ:Seiwa 千寿:センジュ:Senju
    万寿:マンジュ:Manju 寿:コトブキ:Kotobuki 福寿:フクジュ:Fukuju 松栄:ショウエイ:Shoei
    金栄:キンエイ:Kinei 泰和:タイワ:Taiwa 泰平:タイヘイ:Taihei
    """
)

# Shop marks (屋号): 丸, ヤマ or カネ followed by a numeral or a lucky kanji.
_SHOP = tuple(
    _Word(
        prefix.ja + mark.ja,
        prefix.kana + mark.kana,
        prefix.romaji + mark.romaji,
        (prefix.romaji + mark.romaji,),
    )
    for prefix, marks in (
        (
            _Word("丸", "マル", "Maru", ()),
            "一:イチ:ichi 二:ニ:ni 三:サン:san 五:ゴ:go 六:ロク:roku 七:シチ:shichi 八:ハチ:hachi "
            "十:ジュウ:ju 栄:エイ:ei 正:ショウ:sho 吉:ヨシ:yoshi 中:ナカ:naka 長:チョウ:cho "
            "新:シン:shin 共:キョウ:kyo 和:ワ:wa 福:フク:fuku 喜:キ:ki 友:トモ:tomo 高:タカ:taka "
            "安:ヤス:yasu 金:キン:kin 松:マツ:matsu 竹:タケ:take",
        ),
        (
            _Word("ヤマ", "ヤマ", "Yama", ()),
            "一:イチ:ichi 二:ニ:ni 三:サン:san 五:ゴ:go 六:ロク:roku 七:シチ:shichi 八:ハチ:hachi "
            "十:ジュウ:ju 中:ナカ:naka 吉:ヨシ:yoshi 正:ショウ:sho 長:チョウ:cho 栄:エイ:ei "
            "新:シン:shin 丸:マル:maru",
        ),
        (
            _Word("カネ", "カネ", "Kane", ()),
            "一:イチ:ichi 二:ニ:ni 三:サン:san 五:ゴ:go 七:シチ:shichi 八:ハチ:hachi 十:ジュウ:ju "
            "吉:ヨシ:yoshi 正:ショウ:sho 長:チョウ:cho 栄:エイ:ei 中:ナカ:naka",
        ),
    )
    for mark in _stems(marks)
)

_KATAKANA = _stems(
    """
    アルファ::Alpha ネクスト::Next サンライズ::Sunrise グローバル::Global テクノ::Techno
    クリエイト::Create エース::Ace ユニバーサル::Universal ベスト::Best トップ::Top
    スマイル::Smile ブライト::Bright ネオ::Neo アーク::Arc エコ::Eco フューチャー::Future
    グリーン::Green スカイ::Sky オーシャン::Ocean ステラ::Stella アクア::Aqua ライフ::Life
    ワールド::World ファースト::First プライム::Prime ロイヤル::Royal フロンティア::Frontier
    パシフィック::Pacific センチュリー::Century ゼニス::Zenith ペガサス::Pegasus
    シリウス::Sirius ビクトリー::Victory ハーモニー::Harmony ドリーム::Dream ホープ::Hope
    ユニティ::Unity サンシャイン::Sunshine パール::Pearl エメラルド::Emerald
    サファイア::Sapphire コメット::Comet マリン::Marine リバティ::Liberty アドバンス::Advance
    ダイナミック::Dynamic シンフォニー::Symphony ライジング::Rising
    オーロラ::Aurora レインボー::Rainbow ジャスミン::Jasmine クローバー::Clover
    ポラリス::Polaris エターナル::Eternal ノーブル::Noble エルム::Elm オアシス::Oasis
    カメリア::Camellia フェニックス::Phoenix ミューズ::Muse セレクト::Select
    マイスター::Meister ラピス::Lapis コンパス::Compass ブレイブ::Brave グランド::Grand
    ハーベスト::Harvest ソレイユ::Soleil フォーチュン::Fortune ジェネシス::Genesis
    アライアンス::Alliance ランドマーク::Landmark ベイサイド::Bayside リバーサイド::Riverside
    ヒルサイド::Hillside
    """
)

# Coined katakana compounds: a prefix and a suffix (ネクスト + リンク = ネクストリンク).
_COINED_HEADS = _stems(
    """
    アルファ::Alpha ネクスト::Next サン::Sun グローバル::Global テクノ::Techno エース::Ace
    ユニ::Uni ベスト::Best トップ::Top プロ::Pro スマート::Smart ブライト::Bright ネオ::Neo
    ニュー::New アーク::Arc エコ::Eco フューチャー::Future グリーン::Green ブルー::Blue
    スカイ::Sky オーシャン::Ocean ステラ::Stella ルミナ::Lumina アクア::Aqua ライフ::Life
    ワールド::World ユナイテッド::United ファースト::First プライム::Prime リード::Lead
    アドバンス::Advance フロンティア::Frontier ビッグ::Big オール::All ミライ::Mirai
    センチュリー::Century ゼロ::Zero デルタ::Delta オメガ::Omega ガイア::Gaia ノース::North
    サウス::South イースト::East ウエスト::West ソリッド::Solid クリア::Clear ピュア::Pure
    """
)
_COINED_TAILS = _stems(
    """
    テック::Tech リンク::Link ワークス::Works ライン::Line ウェイ::Way ゲート::Gate
    フィールド::Field ブリッジ::Bridge ウェーブ::Wave スター::Star ポート::Port ラボ::Lab
    プラス::Plus ワン::One ネット::Net クラフト::Craft ビジョン::Vision フロー::Flow コア::Core
    トラスト::Trust ファクトリー::Factory ステージ::Stage スペース::Space サポート::Support
    シード::Seed ルート::Route フォース::Force ユニオン::Union ブレイン::Brain ウィル::Will
    ハート::Heart ステップ::Step リーフ::Leaf サークル::Circle アーツ::Arts ベース::Base
    ライズ::Rise エッジ::Edge ウィング::Wing フォレスト::Forest キューブ::Cube
    パートナーズ::Partners スクエア::Square ポイント::Point
    """
)
_COINED = tuple(
    _Word(head.ja + tail.ja, head.kana + tail.kana, f"{head.romaji} {tail.romaji}",
          (f"{head.romaji} {tail.romaji}",))
    for head in _COINED_HEADS
    for tail in _COINED_TAILS
)  # fmt: skip

_HIRAGANA = _stems(
    """
    みらい::Mirai ひかり::Hikari あおば::Aoba さくら::Sakura つばさ::Tsubasa のぞみ::Nozomi
    ひまわり::Himawari すずらん::Suzuran あすなろ::Asunaro たんぽぽ::Tanpopo こもれび::Komorebi
    やまびこ::Yamabiko ひだまり::Hidamari わかば::Wakaba ほほえみ::Hohoemi なごみ::Nagomi
    いろは::Iroha めぐみ::Megumi あさひ::Asahi はるか::Haruka そよかぜ::Soyokaze
    こころ::Kokoro きずな::Kizuna みのり::Minori しまなみ::Shimanami ふたば::Futaba
    あかね::Akane すみれ::Sumire かえで::Kaede ひばり::Hibari みずき::Mizuki いずみ::Izumi
    やすらぎ::Yasuragi
    """
)

# Founders' initials spelt in katakana, as in エム・ケイ工業 or ティーエスケイ建設 (English "MK",
# "TSK"), with or without the middle dot. Acronyms of well-known organisations are left out.
_LETTERS = _stems(
    """
    A:エー:A B:ビー:B C:シー:C D:ディー:D E:イー:E F:エフ:F H:エイチ:H I:アイ:I J:ジェイ:J
    K:ケイ:K M:エム:M N:エヌ:N O:オー:O R:アール:R S:エス:S T:ティー:T U:ユー:U Y:ワイ:Y
    """
)
_FAMOUS_ACRONYMS_TEXT = """
    ABC AI ANA ATM BS CBC CCC CD CS DC DIC DMM DNA HBC HIS IBM IHI JA JCB JFE JR JSR JT JTB KBC
    KFC KYB MBS NBC NEC NHK NKK NOK NSK NTN NTT OBC OK RKB SB SBI SBS SMC TBS TDK THK TKC UCC UFJ
    YKK
"""
_FAMOUS_ACRONYMS = frozenset(_FAMOUS_ACRONYMS_TEXT.split())


def _initials() -> tuple[_Word, ...]:
    words = []
    combos: list[tuple[_Word, ...]] = [(a, b) for a in _LETTERS for b in _LETTERS if a != b]
    combos += [(a, b, c) for a in _LETTERS for b in _LETTERS for c in _LETTERS if a != b != c]
    for combo in combos:
        latin = "".join(letter.ja for letter in combo)
        if latin in _FAMOUS_ACRONYMS:
            continue
        kana = "".join(letter.kana for letter in combo)
        words.append(_Word(kana, kana, latin, (latin,)))
        dotted = "・".join(letter.kana for letter in combo)
        words.append(_Word(dotted, kana, latin, (latin,)))
    return tuple(words)


_INITIALS = _initials()

# Stem kinds, in a fixed order.
(
    _K_FAMILY,
    _K_PLACE,
    _K_AUSPICIOUS,
    _K_SHOP,
    _K_KATAKANA,
    _K_COINED,
    _K_HIRAGANA,
    _K_INITIALS,
) = range(8)
_POOLS: tuple[tuple[_Word, ...], ...] = (
    _FAMILY,
    _PLACE,
    _AUSPICIOUS,
    _SHOP,
    _KATAKANA,
    _COINED,
    _HIRAGANA,
    _INITIALS,
)
# Place and auspicious stems sometimes take 新 ("new"): 新北斗, 新共栄.
_NEW_PREFIX_SHARE = 0.04

# Pool sizes, for documentation and tests.
STEM_COUNTS = {
    "family": len(_FAMILY),
    "place_nature": len(_PLACE),
    "auspicious": len(_AUSPICIOUS),
    "shop_mark": len(_SHOP),
    "katakana": len(_KATAKANA),
    "coined_katakana": len(_COINED),
    "hiragana": len(_HIRAGANA),
    "initials": len(_INITIALS),
}

# -- business words by JSIC major division -----------------------------------------------------

# Words any kind of company may carry.
_GENERIC = _words(
    """
産業|サンギョウ|Sangyo|Industries|0.5
興業|コウギョウ|Kogyo|Kogyo/Enterprises|0.4
企画|キカク|Kikaku|Planning|0.3
ホールディングス|||Holdings|0.2
"""
)

_A = _words(
    """
農園|ノウエン|Noen|Farm|3
ファーム|||Farm|2
農産|ノウサン|Nosan|Agricultural Products|1
農業|ノウギョウ|Nogyo|Agriculture|1
林業|リンギョウ|Ringyo|Forestry|2
林産|リンサン|Rinsan|Forest Products|1
森林|シンリン|Shinrin|Forestry|1
造林|ゾウリン|Zorin|Afforestation|1
緑化|リョクカ|Ryokuka|Greening/Landscaping|1
種苗|シュビョウ|Shubyo|Seed/Seeds|1
園芸|エンゲイ|Engei|Horticulture|1
牧場|ボクジョウ|Bokujo|Ranch/Farm|1
畜産|チクサン|Chikusan|Livestock|1
養鶏|ヨウケイ|Yokei|Poultry|1
養豚|ヨウトン|Yoton|Swine|1
アグリ|||Agri|1
アグリサービス|||Agri Service|1
フォレスト|||Forest|1
茶園|チャエン|Chaen|Tea Garden/Tea Farm|1
果樹園|カジュエン|Kajuen|Orchard|1
有機農園|ユウキノウエン|Yuki Noen|Organic Farm|1
観光農園|カンコウノウエン|Kanko Noen|Tourist Farm|1
"""
)

_B = _words(
    """
水産|スイサン|Suisan|Fisheries/Marine Products|5
漁業|ギョギョウ|Gyogyo|Fishery/Fisheries|2
海産|カイサン|Kaisan|Marine Products|1
養殖|ヨウショク|Yoshoku|Aquaculture|1
真珠|シンジュ|Shinju|Pearl|1
鮮魚|センギョ|Sengyo|Fresh Fish|1
マリン|||Marine|1
フィッシャリーズ|||Fisheries|1
海苔|ノリ|Nori|Seaweed|1
定置網|テイチアミ|Teichiami|Set Net Fishery|1
海洋|カイヨウ|Kaiyo|Ocean|1
"""
)

_C = _words(
    """
鉱業|コウギョウ|Kogyo|Mining|4
砕石|サイセキ|Saiseki|Crushed Stone|2
採石|サイセキ|Saiseki|Quarry/Quarrying|1
砂利|ジャリ|Jari|Gravel|1
石灰|セッカイ|Sekkai|Lime|1
鉱産|コウサン|Kosan|Minerals|1
資源|シゲン|Shigen|Resources|1
骨材|コツザイ|Kotsuzai|Aggregates|1
珪砂|ケイシャ|Keisha|Silica Sand|1
鉱山|コウザン|Kozan|Mining|1
天然ガス|テンネンガス|Tennen Gas|Natural Gas|1
開発|カイハツ|Kaihatsu|Development|1
"""
) + _compounds(
    """
砕石|サイセキ|Saiseki|Crushed Stone
石灰|セッカイ|Sekkai|Lime
砂利|ジャリ|Jari|Gravel
骨材|コツザイ|Kotsuzai|Aggregates
""",
    """
工業|コウギョウ|Kogyo|Industries
産業|サンギョウ|Sangyo|Industries
""",
)

_D = (
    _words(
        """
建設|ケンセツ|Kensetsu|Construction|4
工務店|コウムテン|Komuten|Komuten/Builders/Construction|3
土木|ドボク|Doboku|Civil Engineering|2
組|グミ|Gumi|Gumi|2
建工|ケンコウ|Kenko|Construction|1
建築|ケンチク|Kenchiku|Architecture/Building|1
興業|コウギョウ|Kogyo|Kogyo/Enterprises|2
工業|コウギョウ|Kogyo|Industries/Kogyo|2
工業所|コウギョウショ|Kogyosho|Industries/Works|1
設備|セツビ|Setsubi|Facilities/Equipment|2
電設|デンセツ|Densetsu|Electrical Engineering|1
電工|デンコウ|Denko|Electric Works|1
電業|デンギョウ|Dengyo|Electric|1
空調|クウチョウ|Kucho|Air Conditioning|1
塗装|トソウ|Toso|Painting|1
防水|ボウスイ|Bosui|Waterproofing|1
舗道|ホドウ|Hodo|Paving|1
鉄筋|テッキン|Tekkin|Rebar|1
鉄工|テッコウ|Tekko|Steel Works|1
板金|バンキン|Bankin|Sheet Metal|1
住建|ジュウケン|Juken|Housing|1
住設|ジュウセツ|Jusetsu|Housing Equipment|1
住宅|ジュウタク|Jutaku|Housing|1
ハウス|||House|1
ホーム|||Home|1
ホームズ|||Homes|1
ハウジング|||Housing|1
コンストラクション|||Construction|1
エクステリア|||Exterior|1
外構|ガイコウ|Gaiko|Exterior|1
造園|ゾウエン|Zoen|Landscaping|1
解体|カイタイ|Kaitai|Demolition|1
総建|ソウケン|Soken|Construction|1
土建|ドケン|Doken|Construction|1
技建|ギケン|Giken|Engineering|1
開発|カイハツ|Kaihatsu|Development|1
工営|コウエイ|Koei|Koei|1
総合建設|ソウゴウケンセツ|Sogo Kensetsu|General Construction|1
住宅建設|ジュウタクケンセツ|Jutaku Kensetsu|Home Construction|1
土木建設|ドボクケンセツ|Doboku Kensetsu|Civil Engineering and Construction|1
水道|スイドウ|Suido|Waterworks/Plumbing|1
内装|ナイソウ|Naiso|Interior|1
リフォーム|||Reform/Renovation|1
重機|ジュウキ|Juki|Heavy Machinery|1
建設サービス|ケンセツサービス|Kensetsu Service|Construction Services|1
総合設備|ソウゴウセツビ|Sogo Setsubi|General Facilities|1
"""
    )
    + _compounds(
        """
電設|デンセツ|Densetsu|Electrical
空調|クウチョウ|Kucho|Air Conditioning
設備|セツビ|Setsubi|Facilities
鉄筋|テッキン|Tekkin|Rebar
塗装|トソウ|Toso|Painting
防水|ボウスイ|Bosui|Waterproofing
基礎|キソ|Kiso|Foundation
土木|ドボク|Doboku|Civil Engineering
管|カン|Kan|Plumbing
鉄骨|テッコツ|Tekkotsu|Steel Frame
舗装|ホソウ|Hoso|Paving
電気|デンキ|Denki|Electric
緑化|リョクカ|Ryokuka|Landscaping
水道|スイドウ|Suido|Waterworks
衛生|エイセイ|Eisei|Sanitary
建設|ケンセツ|Kensetsu|Construction
建築|ケンチク|Kenchiku|Building
内装|ナイソウ|Naiso|Interior
住設|ジュウセツ|Jusetsu|Housing Equipment
板金|バンキン|Bankin|Sheet Metal
""",
        "工業|コウギョウ|Kogyo|Industries/Industry",
    )
    + _compounds(
        """
電気|デンキ|Denki|Electrical
設備|セツビ|Setsubi|Facilities
空調|クウチョウ|Kucho|Air Conditioning
管|カン|Kan|Plumbing
塗装|トソウ|Toso|Painting
防水|ボウスイ|Bosui|Waterproofing
内装|ナイソウ|Naiso|Interior
解体|カイタイ|Kaitai|Demolition
土木|ドボク|Doboku|Civil
舗装|ホソウ|Hoso|Paving
鉄筋|テッキン|Tekkin|Rebar
造園|ゾウエン|Zoen|Landscaping
基礎|キソ|Kiso|Foundation
水道|スイドウ|Suido|Waterworks
板金|バンキン|Bankin|Sheet Metal
外構|ガイコウ|Gaiko|Exterior
屋根|ヤネ|Yane|Roofing
足場|アシバ|Ashiba|Scaffolding
電気通信|デンキツウシン|Denki Tsushin|Telecommunications
消防設備|ショウボウセツビ|Shobo Setsubi|Fire Protection
""",
        "工事|コウジ|Koji|Works/Engineering",
    )
    + _compounds(
        """
建設|ケンセツ|Kensetsu|Construction
土木|ドボク|Doboku|Civil Engineering
鉄筋|テッキン|Tekkin|Rebar
塗装|トソウ|Toso|Painting
解体|カイタイ|Kaitai|Demolition
土建|ドケン|Doken|Construction
""",
        "興業|コウギョウ|Kogyo|Kogyo/Enterprises",
    )
    + _compounds(
        """
電気|デンキ|Denki|Electrical
空調|クウチョウ|Kucho|Air Conditioning
給排水|キュウハイスイ|Kyuhaisui|Plumbing
衛生|エイセイ|Eisei|Sanitary
消防|ショウボウ|Shobo|Fire Protection
冷暖房|レイダンボウ|Reidanbo|Heating and Cooling
防災|ボウサイ|Bosai|Disaster Prevention
環境|カンキョウ|Kankyo|Environmental
冷熱|レイネツ|Reinetsu|Thermal
住宅|ジュウタク|Jutaku|Housing
""",
        "設備|セツビ|Setsubi|Equipment/Facilities",
    )
    + _compounds(
        """
電気|デンキ|Denki|Electrical
空調|クウチョウ|Kucho|Air Conditioning
衛生|エイセイ|Eisei|Sanitary
冷暖房|レイダンボウ|Reidanbo|Heating and Cooling
給排水|キュウハイスイ|Kyuhaisui|Plumbing
""",
        "設備工業|セツビコウギョウ|Setsubi Kogyo|Equipment Industries",
    )
    + _compounds(
        """
環境|カンキョウ|Kankyo|Environmental
道路|ドウロ|Doro|Road
港湾|コウワン|Kowan|Harbor
鉄骨|テッコツ|Tekkotsu|Steel Frame
緑地|リョクチ|Ryokuchi|Green Space
""",
        "建設|ケンセツ|Kensetsu|Construction",
    )
    + _compounds(
        """
建設|ケンセツ|Kensetsu|Construction
土木|ドボク|Doboku|Civil
防水|ボウスイ|Bosui|Waterproofing
設備|セツビ|Setsubi|Facilities
住宅|ジュウタク|Jutaku|Housing
""",
        "技研|ギケン|Giken|Engineering",
    )
    + _compounds(
        """
電気|デンキ|Denki|Electrical
設備|セツビ|Setsubi|Facilities
塗装|トソウ|Toso|Painting
板金|バンキン|Bankin|Sheet Metal
建設|ケンセツ|Kensetsu|Construction
""",
        "工業所|コウギョウショ|Kogyosho|Works",
    )
    + _compounds(
        """
設備|セツビ|Setsubi|Facilities
空調|クウチョウ|Kucho|Air Conditioning
住宅|ジュウタク|Jutaku|Housing
電気|デンキ|Denki|Electrical
水道|スイドウ|Suido|Waterworks
""",
        "サービス|||Service/Services",
    )
)

_E = (
    _words(
        """
製作所|セイサクショ|Seisakusho|Manufacturing/Works|3
精工|セイコウ|Seiko|Seiko|2
工業|コウギョウ|Kogyo|Industries/Industry/Kogyo|3
化学|カガク|Kagaku|Chemical/Chemicals|2
金属|キンゾク|Kinzoku|Metal/Metals|2
電機|デンキ|Denki|Electric|2
鉄工所|テッコウショ|Tekkosho|Iron Works|2
鉄工|テッコウ|Tekko|Iron Works|1
精機|セイキ|Seiki|Seiki/Precision Machinery|2
工業所|コウギョウショ|Kogyosho|Industries/Works|1
化成|カセイ|Kasei|Kasei/Chemical|1
技研|ギケン|Giken|Giken/Engineering|1
電子|デンシ|Denshi|Electronics|1
精密|セイミツ|Seimitsu|Precision|1
製缶|セイカン|Seikan|Plate Works|1
工機|コウキ|Koki|Machinery|1
機工|キコウ|Kiko|Machinery|1
製作|セイサク|Seisaku|Manufacturing|1
工作所|コウサクショ|Kosakusho|Works|1
樹脂|ジュシ|Jushi|Plastics|1
硝子|ガラス|Garasu|Glass|1
塗料|トリョウ|Toryo|Paint/Paints|1
ゴム||Gomu|Rubber|1
製菓|セイカ|Seika|Confectionery|1
食品|ショクヒン|Shokuhin|Foods|2
印刷|インサツ|Insatsu|Printing|1
木工所|モッコウショ|Mokkosho|Woodworks|1
鋳造所|チュウゾウショ|Chuzosho|Foundry|1
製紙|セイシ|Seishi|Paper|1
紙工|シコウ|Shiko|Paper Products|1
繊維|センイ|Seni|Textile/Textiles|1
縫製|ホウセイ|Hosei|Sewing|1
酒造|シュゾウ|Shuzo|Brewery/Sake Brewery|1
醸造|ジョウゾウ|Jozo|Brewery|1
製麺|セイメン|Seimen|Noodle|1
金型|カナガタ|Kanagata|Mold|1
テック|||Tech|1
テクノ|||Techno|1
エンジニアリング|||Engineering|1
"""
    )
    + _compounds(
        """
精密|セイミツ|Seimitsu|Precision
電機|デンキ|Denki|Electric
金属|キンゾク|Kinzoku|Metal
化学|カガク|Kagaku|Chemical
機械|キカイ|Kikai|Machinery
樹脂|ジュシ|Jushi|Plastics
電子|デンシ|Denshi|Electronics
技研|ギケン|Giken|Engineering
精機|セイキ|Seiki|Precision Machinery
化成|カセイ|Kasei|Chemical
製缶|セイカン|Seikan|Plate
塗装|トソウ|Toso|Coating
金型|カナガタ|Kanagata|Mold
光学|コウガク|Kogaku|Optical
硝子|ガラス|Garasu|Glass
紙器|シキ|Shiki|Paper Box
繊維|センイ|Seni|Textile
食品|ショクヒン|Shokuhin|Food
印刷|インサツ|Insatsu|Printing
テクノ|||Techno
メタル|||Metal
プレス|||Press
プラスチック|||Plastics
ゴム||Gomu|Rubber
鍛造|タンゾウ|Tanzo|Forging
計器|ケイキ|Keiki|Instruments
電線|デンセン|Densen|Electric Wire
熱処理|ネツショリ|Netsushori|Heat Treatment
メッキ||Mekki|Plating
板金|バンキン|Bankin|Sheet Metal
溶接|ヨウセツ|Yosetsu|Welding
木材|モクザイ|Mokuzai|Wood
発条|ハツジョウ|Hatsujo|Spring
産機|サンキ|Sanki|Industrial Machinery
電熱|デンネツ|Dennetsu|Electric Heating
歯車|ハグルマ|Haguruma|Gear
ネジ||Neji|Screw
刃物|ハモノ|Hamono|Cutlery
鋳物|イモノ|Imono|Casting
紙工|シコウ|Shiko|Paper Products
製版|セイハン|Seihan|Plate Making
包装|ホウソウ|Hoso|Packaging
段ボール|ダンボール|Danboru|Corrugated Board
精密機械|セイミツキカイ|Seimitsu Kikai|Precision Machinery
油圧|ユアツ|Yuatsu|Hydraulics
照明|ショウメイ|Shomei|Lighting
化粧品|ケショウヒン|Keshohin|Cosmetics
薬品|ヤクヒン|Yakuhin|Pharmaceutical
塗料|トリョウ|Toryo|Paint
肥料|ヒリョウ|Hiryo|Fertilizer
飼料|シリョウ|Shiryo|Feed
陶器|トウキ|Toki|Ceramics
家具|カグ|Kagu|Furniture
建具|タテグ|Tategu|Fittings
合板|ゴウハン|Gohan|Plywood
鋼管|コウカン|Kokan|Steel Pipe
軽金属|ケイキンゾク|Keikinzoku|Light Metal
アルミ||Arumi|Aluminum
農機|ノウキ|Noki|Agricultural Machinery
""",
        "工業|コウギョウ|Kogyo|Industries/Industry",
    )
    + _compounds(
        """
電機|デンキ|Denki|Electric
機械|キカイ|Kikai|Machinery
精機|セイキ|Seiki|Precision Machinery
工機|コウキ|Koki|Machine Tool
金型|カナガタ|Kanagata|Mold
計器|ケイキ|Keiki|Instruments
電子|デンシ|Denshi|Electronics
精密|セイミツ|Seimitsu|Precision
板金|バンキン|Bankin|Sheet Metal
金属|キンゾク|Kinzoku|Metal
光学|コウガク|Kogaku|Optical
発条|ハツジョウ|Hatsujo|Spring
紙器|シキ|Shiki|Paper Box
硝子|ガラス|Garasu|Glass
歯車|ハグルマ|Haguruma|Gear
ネジ||Neji|Screw
刃物|ハモノ|Hamono|Cutlery
鋳物|イモノ|Imono|Casting
治具|ジグ|Jigu|Jig
""",
        "製作所|セイサクショ|Seisakusho|Manufacturing/Works",
    )
    + _compounds(
        """
金属|キンゾク|Kinzoku|Metal
機械|キカイ|Kikai|Machinery
樹脂|ジュシ|Jushi|Plastics
食品|ショクヒン|Shokuhin|Food
繊維|センイ|Seni|Textile
化学|カガク|Kagaku|Chemical
紙器|シキ|Shiki|Paper Box
電子|デンシ|Denshi|Electronics
木材|モクザイ|Mokuzai|Wood
ゴム||Gomu|Rubber
金型|カナガタ|Kanagata|Mold
紙工|シコウ|Shiko|Paper Products
化成|カセイ|Kasei|Chemical
包装|ホウソウ|Hoso|Packaging
""",
        "産業|サンギョウ|Sangyo|Industries",
    )
    + _compounds(
        """
精密|セイミツ|Seimitsu|Precision
金属|キンゾク|Kinzoku|Metal
電機|デンキ|Denki|Electric
板金|バンキン|Bankin|Sheet Metal
溶接|ヨウセツ|Yosetsu|Welding
機械|キカイ|Kikai|Machinery
塗装|トソウ|Toso|Coating
製缶|セイカン|Seikan|Plate
""",
        "工業所|コウギョウショ|Kogyosho|Works",
    )
    + _compounds(
        """
精密|セイミツ|Seimitsu|Precision
電子|デンシ|Denshi|Electronics
機械|キカイ|Kikai|Machinery
金型|カナガタ|Kanagata|Mold
樹脂|ジュシ|Jushi|Plastics
""",
        "技研|ギケン|Giken|Engineering",
    )
    + _compounds(
        """
精密|セイミツ|Seimitsu|Precision
機械|キカイ|Kikai|Machine
""",
        "工作所|コウサクショ|Kosakusho|Works",
    )
)

_F = _words(
    """
ガス||Gasu|Gas|3
瓦斯|ガス|Gasu|Gas|1
エネルギー|||Energy|3
エナジー|||Energy|2
パワー|||Power|1
電力|デンリョク|Denryoku|Electric Power|1
新電力|シンデンリョク|Shin Denryoku|Power|1
発電|ハツデン|Hatsuden|Power/Power Generation|2
電源|デンゲン|Dengen|Power|1
ソーラー|||Solar|1
熱供給|ネツキョウキュウ|Netsu Kyokyu|Heat Supply|1
水道サービス|スイドウサービス|Suido Service|Water Services|1
環境エネルギー|カンキョウエネルギー|Kankyo Energy|Environmental Energy|1
太陽光発電|タイヨウコウハツデン|Taiyoko Hatsuden|Solar Power|1
風力発電|フウリョクハツデン|Furyoku Hatsuden|Wind Power|1
"""
) + _compounds(
    """
ソーラー|||Solar
グリーン|||Green
エコ|||Eco
バイオマス|||Biomass
""",
    """
エネルギー|||Energy
パワー|||Power
発電|ハツデン|Hatsuden|Power
""",
)

_G = _words(
    """
システム|||Systems/System|4
ソフト|||Soft/Software|2
情報|ジョウホウ|Joho|Information|1
情報システム|ジョウホウシステム|Joho System|Information Systems|2
ソフトウェア|||Software|1
テクノロジー|||Technology/Technologies|1
テック|||Tech|1
ネット|||Net|1
ネットワーク|||Network/Networks|1
通信|ツウシン|Tsushin|Communications|1
データ|||Data|1
ソリューションズ|||Solutions|1
デジタル|||Digital|1
ラボ|||Lab/Labs|1
出版|シュッパン|Shuppan|Publishing|1
映像|エイゾウ|Eizo|Visual/Video|1
メディア|||Media|1
コミュニケーションズ|||Communications|1
電算|デンサン|Densan|Computer|1
情報処理|ジョウホウショリ|Joho Shori|Information Processing|1
コンピュータ|||Computer|1
クラウド|||Cloud|1
インフォメーション|||Information|1
ウェブ|||Web|1
エンジニアリング|||Engineering|1
デザイン|||Design|1
情報サービス|ジョウホウサービス|Joho Service|Information Services|1
情報技術|ジョウホウギジュツ|Joho Gijutsu|Information Technology|1
通信システム|ツウシンシステム|Tsushin System|Communication Systems|1
通信サービス|ツウシンサービス|Tsushin Service|Communication Services|1
通信技術|ツウシンギジュツ|Tsushin Gijutsu|Communication Technology|1
"""
) + _compounds(
    """
システム|||System
ネット|||Net
データ|||Data
デジタル|||Digital
ソフト|||Soft
ウェブ|||Web
メディア|||Media
クラウド|||Cloud
""",
    """
サービス|||Service/Services
ソリューションズ|||Solutions
ワークス|||Works
デザイン|||Design
ラボ|||Lab
""",
)

_H = (
    _words(
        """
運輸|ウンユ|Unyu|Transport/Transportation|4
物流|ブツリュウ|Butsuryu|Logistics|3
運送|ウンソウ|Unso|Transport/Transportation|3
通運|ツウウン|Tsuun|Transport|1
急送|キュウソウ|Kyuso|Express|1
急便|キュウビン|Kyubin|Express|1
海運|カイウン|Kaiun|Shipping/Marine Transport|1
陸運|リクウン|Rikuun|Land Transport|1
倉庫|ソウコ|Soko|Warehouse/Warehousing|1
交通|コウツウ|Kotsu|Transit/Transportation|1
観光バス|カンコウバス|Kanko Bus|Tourist Bus|1
バス|||Bus|1
タクシー|||Taxi|1
ハイヤー|||Limousine|1
ロジスティクス|||Logistics|1
エクスプレス|||Express|1
トランスポート|||Transport|1
輸送|ユソウ|Yuso|Transport|1
汽船|キセン|Kisen|Kisen/Steamship|1
港運|コウウン|Koun|Port Transport|1
冷蔵|レイゾウ|Reizo|Cold Storage|1
配送|ハイソウ|Haiso|Delivery|1
陸送|リクソウ|Rikuso|Vehicle Transport|1
海陸運輸|カイリクウンユ|Kairiku Unyu|Marine and Land Transport|1
運輸倉庫|ウンユソウコ|Unyu Soko|Transport and Warehouse|1
梱包運輸|コンポウウンユ|Konpo Unyu|Packing and Transport|1
"""
    )
    + _compounds(
        """
物流|ブツリュウ|Butsuryu|Logistics
配送|ハイソウ|Haiso|Delivery
輸送|ユソウ|Yuso|Transport
""",
        """
サービス|||Service/Services
センター|||Center
システム|||Systems
""",
    )
    + _compounds(
        """
冷凍|レイトウ|Reito|Refrigerated
重量|ジュウリョウ|Juryo|Heavy
食品|ショクヒン|Shokuhin|Food
鋼材|コウザイ|Kozai|Steel
産業|サンギョウ|Sangyo|Industrial
建材|ケンザイ|Kenzai|Building Materials
貨物|カモツ|Kamotsu|Freight
石油|セキユ|Sekiyu|Oil
自動車|ジドウシャ|Jidosha|Vehicle
家具|カグ|Kagu|Furniture
海上|カイジョウ|Kaijo|Marine
精密機器|セイミツキキ|Seimitsu Kiki|Precision Equipment
""",
        """
運輸|ウンユ|Unyu|Transport
運送|ウンソウ|Unso|Transport
輸送|ユソウ|Yuso|Transport
""",
    )
)

_I = _words(
    """
商事|ショウジ|Shoji|Trading/Shoji|3
商店|ショウテン|Shoten|Shoten/Store|3
物産|ブッサン|Bussan|Bussan/Products|2
商会|ショウカイ|Shokai|Shokai/Trading|2
興産|コウサン|Kosan|Kosan|1
通商|ツウショウ|Tsusho|Trading|1
貿易|ボウエキ|Boeki|Trading|1
商工|ショウコウ|Shoko|Shoko|1
販売|ハンバイ|Hanbai|Sales|1
燃料|ネンリョウ|Nenryo|Fuel|1
石油|セキユ|Sekiyu|Oil/Petroleum|1
酒店|サケテン|Saketen|Liquor Store|1
酒販|シュハン|Shuhan|Liquor|1
米穀|ベイコク|Beikoku|Rice|1
青果|セイカ|Seika|Produce|1
鮮魚|センギョ|Sengyo|Fresh Fish|1
食品|ショクヒン|Shokuhin|Foods|1
フーズ|||Foods|1
薬局|ヤッキョク|Yakkyoku|Pharmacy|1
薬品|ヤクヒン|Yakuhin|Pharmaceuticals/Chemicals|1
建材|ケンザイ|Kenzai|Building Materials|1
鋼材|コウザイ|Kozai|Steel|1
機材|キザイ|Kizai|Equipment|1
資材|シザイ|Shizai|Materials|1
自動車|ジドウシャ|Jidosha|Motors/Automobile|1
モータース|||Motors|1
家具|カグ|Kagu|Furniture|1
文具|ブング|Bungu|Stationery|1
書店|ショテン|Shoten|Books/Bookstore|1
ストア|||Store|1
マート|||Mart|1
電器|デンキ|Denki|Electric|1
金物|カナモノ|Kanamono|Hardware|1
工具|コウグ|Kogu|Tools|1
紙業|シギョウ|Shigyo|Paper|1
茶舗|チャホ|Chaho|Tea|1
屋|ヤ|~ya|~ya|1
堂|ドウ|~do|~do|1
洋行|ヨウコウ|Yoko|Yoko/Trading|1
"""
) + _compounds(
    """
食品|ショクヒン|Shokuhin|Food
建材|ケンザイ|Kenzai|Building Materials
鋼材|コウザイ|Kozai|Steel
機材|キザイ|Kizai|Equipment
資材|シザイ|Shizai|Materials
燃料|ネンリョウ|Nenryo|Fuel
化学|カガク|Kagaku|Chemical
機械|キカイ|Kikai|Machinery
薬品|ヤクヒン|Yakuhin|Pharmaceutical
電機|デンキ|Denki|Electric
紙|カミ|Kami|Paper
農機|ノウキ|Noki|Farm Machinery
事務機|ジムキ|Jimuki|Office Equipment
医療機器|イリョウキキ|Iryo Kiki|Medical Equipment
住宅設備|ジュウタクセツビ|Jutaku Setsubi|Housing Equipment
自動車|ジドウシャ|Jidosha|Auto
石油|セキユ|Sekiyu|Oil
米穀|ベイコク|Beikoku|Rice
青果|セイカ|Seika|Produce
酒類|シュルイ|Shurui|Liquor
家具|カグ|Kagu|Furniture
建機|ケンキ|Kenki|Construction Machinery
繊維|センイ|Seni|Textile
工具|コウグ|Kogu|Tools
金物|カナモノ|Kanamono|Hardware
電材|デンザイ|Denzai|Electrical Materials
包装資材|ホウソウシザイ|Hoso Shizai|Packaging Materials
ガス||Gasu|Gas
水産|スイサン|Suisan|Seafood
肥料|ヒリョウ|Hiryo|Fertilizer
""",
    """
商事|ショウジ|Shoji|Trading
販売|ハンバイ|Hanbai|Sales
商会|ショウカイ|Shokai|Trading
""",
)

_J = _words(
    """
ファイナンス|||Finance|2
クレジット|||Credit|1
キャピタル|||Capital|1
投資|トウシ|Toshi|Investment|1
インベストメント|||Investment|1
アセットマネジメント|||Asset Management|1
資産管理|シサンカンリ|Shisan Kanri|Asset Management|1
パートナーズ|||Partners|1
ライフプランニング|||Life Planning|1
ファイナンシャルサービス|||Financial Services|1
総合保険|ソウゴウホケン|Sogo Hoken|General Insurance|1
"""
) + _compounds(
    """
保険|ホケン|Hoken|Insurance
損保|ソンポ|Sonpo|Non-Life Insurance
""",
    """
サービス|||Service/Services
センター|||Center
事務所|ジムショ|Jimusho|Office
代理店|ダイリテン|Dairiten|Agency
プランニング|||Planning
""",
)

_K = (
    _words(
        """
不動産|フドウサン|Fudosan|Real Estate|6
地所|ジショ|Jisho|Estate|2
住宅|ジュウタク|Jutaku|Housing|1
土地|トチ|Tochi|Land|1
興産|コウサン|Kosan|Kosan|1
開発|カイハツ|Kaihatsu|Development|1
建物|タテモノ|Tatemono|Tatemono/Building|1
ハウジング|||Housing|1
エステート|||Estate|1
リース|||Lease/Leasing|1
レンタル|||Rental|1
レンタリース|||Rental and Leasing|1
住販|ジュウハン|Juhan|Housing Sales|1
土地建物|トチタテモノ|Tochi Tatemono|Land and Buildings|1
リアルティ|||Realty|1
プロパティ|||Property|1
ホーム|||Home|1
ハウス|||House|1
管理|カンリ|Kanri|Management|1
アセット|||Asset|1
"""
    )
    + _compounds(
        "不動産|フドウサン|Fudosan|Real Estate",
        """
販売|ハンバイ|Hanbai|Sales
管理|カンリ|Kanri|Management
開発|カイハツ|Kaihatsu|Development
サービス|||Service/Services
企画|キカク|Kikaku|Planning
コンサルティング|||Consulting
""",
    )
    + _compounds(
        """
ビル|||Building
マンション|||Apartment
住宅|ジュウタク|Jutaku|Housing
賃貸|チンタイ|Chintai|Rental
""",
        """
管理|カンリ|Kanri|Management
サービス|||Service
""",
    )
)

_L = (
    _words(
        """
設計|セッケイ|Sekkei|Design/Architects|3
建築設計|ケンチクセッケイ|Kenchiku Sekkei|Architects|1
建築設計事務所|ケンチクセッケイジムショ|Kenchiku Sekkei Jimusho|Architects|1
設計事務所|セッケイジムショ|Sekkei Jimusho|Design Office|1
測量|ソクリョウ|Sokuryo|Surveying|1
測量設計|ソクリョウセッケイ|Sokuryo Sekkei|Surveying and Design|1
コンサルタント|||Consultant/Consultants|2
コンサルタンツ|||Consultants|1
コンサルティング|||Consulting|1
技研|ギケン|Giken|Engineering|1
研究所|ケンキュウショ|Kenkyusho|Research Institute/Laboratory|1
総研|ソウケン|Soken|Research Institute|1
広告|コウコク|Kokoku|Advertising|1
広告社|コウコクシャ|Kokokusha|Advertising Agency|1
デザイン|||Design|2
会計|カイケイ|Kaikei|Accounting|1
鑑定|カンテイ|Kantei|Appraisal|1
分析センター|ブンセキセンター|Bunseki Center|Analysis Center|1
検査|ケンサ|Kensa|Inspection|1
環境|カンキョウ|Kankyo|Environment/Environmental|1
翻訳|ホンヤク|Honyaku|Translation|1
技術|ギジュツ|Gijutsu|Engineering|1
エンジニアリング|||Engineering|1
写真|シャシン|Shashin|Photo|1
地質|チシツ|Chishitsu|Geological|1
調査|チョウサ|Chosa|Research|1
クリエイティブ|||Creative|1
アソシエイツ|||Associates|1
パートナーズ|||Partners|1
プランニング|||Planning|1
ラボ|||Lab|1
"""
    )
    + _compounds(
        """
環境|カンキョウ|Kankyo|Environmental
地質|チシツ|Chishitsu|Geological
建設|ケンセツ|Kensetsu|Construction
技術|ギジュツ|Gijutsu|Technology
経営|ケイエイ|Keiei|Management
地域|チイキ|Chiiki|Regional
""",
        """
研究所|ケンキュウショ|Kenkyusho|Research Institute
コンサルタント|||Consultants
""",
    )
    + _compounds(
        """
環境|カンキョウ|Kankyo|Environmental
地質|チシツ|Chishitsu|Geological
水質|スイシツ|Suishitsu|Water Quality
""",
        """
分析|ブンセキ|Bunseki|Analysis
調査|チョウサ|Chosa|Survey
""",
    )
)

_M = _words(
    """
観光|カンコウ|Kanko|Tourism/Kanko|3
ホテル|||Hotel|2
旅館|リョカン|Ryokan|Ryokan|1
フーズ|||Foods|2
食堂|ショクドウ|Shokudo|Dining|1
飯店|ハンテン|Hanten|Hanten|1
ダイニング|||Dining|1
レストラン|||Restaurant|1
給食|キュウショク|Kyushoku|Catering|1
フードサービス|||Food Service|1
ケータリング|||Catering|1
珈琲|コーヒー|Coffee|Coffee|1
温泉|オンセン|Onsen|Onsen/Hot Spring|1
リゾート|||Resort|1
会館|カイカン|Kaikan|Kaikan|1
観光ホテル|カンコウホテル|Kanko Hotel|Tourist Hotel|1
弁当|ベントウ|Bento|Bento|1
屋|ヤ|~ya|~ya|1
亭|テイ|~tei|~tei|1
"""
)

_N = _words(
    """
クリーニング|||Cleaning|2
美容|ビヨウ|Biyo|Beauty|1
エステ|||Esthetic|1
興業|コウギョウ|Kogyo|Kogyo/Entertainment|1
観光|カンコウ|Kanko|Tourism|1
葬祭|ソウサイ|Sosai|Funeral Services|1
典礼|テンレイ|Tenrei|Funeral Services|1
旅行|リョコウ|Ryoko|Travel|1
トラベル|||Travel|1
スポーツ|||Sports|1
ゴルフ|||Golf|1
ブライダル|||Bridal|1
写真館|シャシンカン|Shashinkan|Photo Studio|1
レジャー|||Leisure|1
アミューズメント|||Amusement|1
フィットネス|||Fitness|1
ビューティー|||Beauty|1
セレモニー|||Ceremony|1
"""
)

_O = _words(
    """
教育|キョウイク|Kyoiku|Education|2
ゼミナール|||Seminar|1
スクール|||School|1
アカデミー|||Academy|1
塾|ジュク|Juku|Juku|1
教育センター|キョウイクセンター|Kyoiku Center|Education Center|1
学習センター|ガクシュウセンター|Gakushu Center|Learning Center|1
研修センター|ケンシュウセンター|Kenshu Center|Training Center|1
エデュケーション|||Education|1
外語学院|ガイゴガクイン|Gaigo Gakuin|Language School|1
自動車学校|ジドウシャガッコウ|Jidosha Gakko|Driving School|1
自動車教習所|ジドウシャキョウシュウジョ|Jidosha Kyoshujo|Driving School|1
音楽教室|オンガクキョウシツ|Ongaku Kyoshitsu|Music School|1
進学ゼミ|シンガクゼミ|Shingaku Zemi|Prep School|1
学院|ガクイン|Gakuin|Gakuin|1
英会話スクール|エイカイワスクール|Eikaiwa School|English School|1
"""
)

_P = _words(
    """
介護サービス|カイゴサービス|Kaigo Service|Care Services|2
ケア|||Care|1
ケアサービス|||Care Service|1
メディカル|||Medical|1
メディカルサービス|||Medical Services|1
福祉サービス|フクシサービス|Fukushi Service|Welfare Services|1
ヘルスケア|||Healthcare|1
調剤薬局|チョウザイヤッキョク|Chozai Yakkyoku|Dispensing Pharmacy|1
薬局|ヤッキョク|Yakkyoku|Pharmacy|1
訪問看護|ホウモンカンゴ|Homon Kango|Home Nursing|1
ライフケア|||Life Care|1
ウェルフェア|||Welfare|1
介護センター|カイゴセンター|Kaigo Center|Care Center|1
デイサービス|||Day Service|1
福祉|フクシ|Fukushi|Welfare|1
医療サービス|イリョウサービス|Iryo Service|Medical Services|1
在宅介護|ザイタクカイゴ|Zaitaku Kaigo|Home Care|1
"""
)

_Q = _words(
    """
サービス|||Services|2
総合サービス|ソウゴウサービス|Sogo Service|General Services|1
ビジネスサービス|||Business Services|1
"""
)

_R = _words(
    """
サービス|||Service/Services|3
ビルサービス|||Building Services|1
ビル管理|ビルカンリ|Biru Kanri|Building Management|1
施設管理|シセツカンリ|Shisetsu Kanri|Facility Management|1
設備管理|セツビカンリ|Setsubi Kanri|Equipment Management|1
警備|ケイビ|Keibi|Security|2
警備保障|ケイビホショウ|Keibi Hosho|Security Services|1
ビルメンテナンス|||Building Maintenance|1
メンテナンス|||Maintenance|1
環境サービス|カンキョウサービス|Kankyo Service|Environmental Services|1
管財|カンザイ|Kanzai|Kanzai|1
総合サービス|ソウゴウサービス|Sogo Service|General Services|1
クリーンサービス|||Clean Service|1
リサイクル|||Recycling|1
自動車整備|ジドウシャセイビ|Jidosha Seibi|Auto Service|1
整備|セイビ|Seibi|Maintenance|1
衛生|エイセイ|Eisei|Sanitation|1
人材サービス|ジンザイサービス|Jinzai Service|Staffing Services|1
清掃|セイソウ|Seiso|Cleaning|1
美装|ビソウ|Biso|Cleaning|1
エコサービス|||Eco Service|1
環境|カンキョウ|Kankyo|Environment|1
"""
)

_S = _words(
    """
地域振興|チイキシンコウ|Chiiki Shinko|Regional Development|2
まちづくり||Machizukuri|Town Development|2
開発|カイハツ|Kaihatsu|Development|1
総合サービス|ソウゴウサービス|Sogo Service|General Services|1
公共サービス|コウキョウサービス|Kokyo Service|Public Services|1
振興|シンコウ|Shinko|Promotion|1
観光開発|カンコウカイハツ|Kanko Kaihatsu|Tourism Development|1
地域開発|チイキカイハツ|Chiiki Kaihatsu|Regional Development|1
"""
)

_T = _words(
    """
企画|キカク|Kikaku|Planning|2
産業|サンギョウ|Sangyo|Industries|2
興業|コウギョウ|Kogyo|Kogyo/Enterprises|2
商事|ショウジ|Shoji|Trading|1
ホールディングス|||Holdings|1
エンタープライズ|||Enterprise/Enterprises|1
インターナショナル|||International|1
興産|コウサン|Kosan|Kosan|1
総業|ソウギョウ|Sogyo|Sogyo|1
物産|ブッサン|Bussan|Bussan|1
"""
)

# Fields for cooperatives (北斗運輸事業協同組合) by the division of their members.
_COOP_FIELDS = {
    "A": _words(
        """
農産物|ノウサンブツ|Nosanbutsu|Agricultural Products
林業|リンギョウ|Ringyo|Forestry
畜産|チクサン|Chikusan|Livestock
"""
    ),
    "B": _words(
        """
水産加工業|スイサンカコウギョウ|Suisan Kakogyo|Seafood Processors
水産|スイサン|Suisan|Fisheries
"""
    ),
    "D": _words(
        """
建設業|ケンセツギョウ|Kensetsugyo|Construction Industry
電気工事業|デンキコウジギョウ|Denki Kojigyo|Electrical Contractors
管工事業|カンコウジギョウ|Kankojigyo|Plumbing Contractors
塗装工業|トソウコウギョウ|Toso Kogyo|Painting Industry
生コンクリート|ナマコンクリート|Nama Concrete|Ready-Mixed Concrete
"""
    ),
    "E": _words(
        """
鉄工|テッコウ|Tekko|Ironworks
金属工業|キンゾクコウギョウ|Kinzoku Kogyo|Metal Industry
機械金属|キカイキンゾク|Kikai Kinzoku|Machinery and Metal
印刷|インサツ|Insatsu|Printing
繊維|センイ|Seni|Textile
食品工業|ショクヒンコウギョウ|Shokuhin Kogyo|Food Industry
工業団地|コウギョウダンチ|Kogyo Danchi|Industrial Park
木材|モクザイ|Mokuzai|Timber
家具|カグ|Kagu|Furniture
"""
    ),
    "H": _words(
        """
運輸|ウンユ|Unyu|Transport
運送|ウンソウ|Unso|Transport
トラック|||Truck
倉庫|ソウコ|Soko|Warehouse
"""
    ),
    "I": _words(
        """
商業|ショウギョウ|Shogyo|Commerce
卸商業団地|オロシショウギョウダンチ|Oroshi Shogyo Danchi|Wholesale Center
酒販|シュハン|Shuhan|Liquor Retailers
青果|セイカ|Seika|Produce
食品|ショクヒン|Shokuhin|Food
燃料|ネンリョウ|Nenryo|Fuel
"""
    ),
}
_COOP_FIELDS["Q"] = tuple(
    field for key in ("A", "B", "D", "E", "H", "I") for field in _COOP_FIELDS[key]
) + _words("商工|ショウコウ|Shoko|Commerce and Industry")

# 一般社団法人: a field and a kind of body (北斗 + 観光 + 協会).
_ASSOCIATION_FIELDS = _words(
    """
観光|カンコウ|Kanko|Tourism
地域振興|チイキシンコウ|Chiiki Shinko|Regional Promotion
産業振興|サンギョウシンコウ|Sangyo Shinko|Industrial Promotion
環境保全|カンキョウホゼン|Kankyo Hozen|Environmental Conservation
情報技術|ジョウホウギジュツ|Joho Gijutsu|Information Technology
福祉|フクシ|Fukushi|Welfare
教育|キョウイク|Kyoiku|Education
文化|ブンカ|Bunka|Culture
スポーツ|||Sports
農業|ノウギョウ|Nogyo|Agriculture
防災|ボウサイ|Bosai|Disaster Prevention
まちづくり||Machizukuri|Community Development
経営|ケイエイ|Keiei|Management
人材育成|ジンザイイクセイ|Jinzai Ikusei|Human Resource Development
技術|ギジュツ|Gijutsu|Technology
国際交流|コクサイコウリュウ|Kokusai Koryu|International Exchange
健康|ケンコウ|Kenko|Health
食文化|ショクブンカ|Shokubunka|Food Culture
建設業|ケンセツギョウ|Kensetsugyo|Construction Industry
"""
)
_ASSOCIATION_BODIES = _words(
    """
協会|キョウカイ|Kyokai|Association|4
振興会|シンコウカイ|Shinkokai|Promotion Society|2
協議会|キョウギカイ|Kyogikai|Council|2
機構|キコウ|Kiko|Organization|1
研究会|ケンキュウカイ|Kenkyukai|Research Society|1
センター|||Center|1
ネットワーク|||Network|1
推進機構|スイシンキコウ|Suishin Kiko|Promotion Organization|1
"""
)

_MEDICAL = _words(
    """
会|カイ|-kai|-kai|10
クリニック|||Clinic|2
医院|イイン|Iin|Clinic|1
歯科|シカ|Shika|Dental Clinic|1
内科クリニック|ナイカクリニック|Naika Clinic|Internal Medicine Clinic|1
整形外科|セイケイゲカ|Seikei Geka|Orthopedic Clinic|1
眼科|ガンカ|Ganka|Eye Clinic|1
"""
)
_WELFARE = _words(
    """
会|カイ|-kai|-kai|6
福祉会|フクシカイ|Fukushikai|Welfare Association|3
厚生会|コウセイカイ|Koseikai|Welfare Society|1
"""
)
_SCHOOL = _words(
    """
学園|ガクエン|Gakuen|Gakuen/Academy|6
学院|ガクイン|Gakuin|Gakuin/Institute|3
学舎|ガクシャ|Gakusha|Gakusha|1
"""
)

# -- legal forms -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Form:
    key: str
    ja: str
    kind: str  # company | association | medical | welfare | school | coop
    english: tuple[str, ...]  # alternatives, drawn with english_cum
    english_cum: tuple[float, ...]
    english_first: bool  # "Medical Corporation Aoba-kai" rather than "Aoba-kai Medical ..."
    prefix_share: float  # how often the Japanese legal form comes before the name


def _form(
    key: str,
    ja: str,
    kind: str,
    english: Mapping[str, float],
    *,
    english_first: bool = False,
    prefix_share: float = 1.0,
) -> _Form:
    return _Form(
        key,
        ja,
        kind,
        tuple(english),
        _cumulative(english.values()),
        english_first,
        prefix_share,
    )


_FORMS = {
    "kk": _form(
        "kk",
        "株式会社",
        "company",
        {"Co., Ltd.": 62, "Corporation": 22, "Inc.": 16},
        prefix_share=0.5,  # 前株 and 後株 are about as common
    ),
    "yk": _form("yk", "有限会社", "company", {"Limited": 1}, prefix_share=0.75),
    "gk": _form("gk", "合同会社", "company", {"LLC": 1}, prefix_share=0.85),
    "gs": _form("gs", "合資会社", "company", {"Limited Partnership": 1}, prefix_share=0.8),
    "assoc": _form(
        "assoc",
        "一般社団法人",
        "association",
        {"General Incorporated Association": 1},
        english_first=True,
    ),
    "medical": _form(
        "medical", "医療法人社団", "medical", {"Medical Corporation": 1}, english_first=True
    ),
    "welfare": _form(
        "welfare", "社会福祉法人", "welfare", {"Social Welfare Corporation": 1}, english_first=True
    ),
    "school": _form(
        "school", "学校法人", "school", {"Educational Corporation": 1}, english_first=True
    ),
    "coop": _form("coop", "協同組合", "coop", {"Cooperative": 1}, prefix_share=0.0),
    "bizcoop": _form(
        "bizcoop", "事業協同組合", "coop", {"Business Cooperative": 1}, prefix_share=0.0
    ),
}

# Shares of legal forms: 株式会社 dominates, 有限会社 (no new ones since 2006) and 合同会社
# (popular with start-ups) follow; the special corporations belong to their own divisions.
_DEFAULT_FORMS = {"kk": 85.5, "yk": 6.5, "gk": 6.0, "gs": 0.5, "assoc": 0.8}
_FORM_WEIGHTS: dict[str, dict[str, float]] = {
    "A": {"kk": 74, "yk": 10, "gk": 8, "gs": 1, "assoc": 2, "bizcoop": 2, "coop": 3},
    "B": {"kk": 72, "yk": 12, "gk": 4, "gs": 1, "bizcoop": 5, "coop": 6},
    "C": {"kk": 88, "yk": 7, "gk": 4, "gs": 1},
    "D": {"kk": 85.5, "yk": 7.5, "gk": 5.5, "gs": 0.6, "assoc": 0.3, "bizcoop": 0.4, "coop": 0.2},
    "E": {"kk": 86.5, "yk": 6.5, "gk": 5.5, "gs": 0.5, "assoc": 0.3, "bizcoop": 0.4, "coop": 0.3},
    "F": {"kk": 92, "yk": 2, "gk": 5, "assoc": 1},
    "G": {"kk": 82, "yk": 3, "gk": 13, "gs": 0.2, "assoc": 1.8},
    "H": {"kk": 86, "yk": 7, "gk": 4, "gs": 0.6, "bizcoop": 1.2, "coop": 0.4},
    "I": {"kk": 84, "yk": 8, "gk": 5.5, "gs": 1, "bizcoop": 0.8, "coop": 0.4},
    "J": {"kk": 88, "yk": 3, "gk": 8, "assoc": 1},
    "K": {"kk": 84, "yk": 6, "gk": 9, "gs": 0.5, "assoc": 0.5},
    "L": {"kk": 80, "yk": 5, "gk": 11, "gs": 0.5, "assoc": 3.5},
    "M": {"kk": 82, "yk": 9, "gk": 7, "gs": 1, "assoc": 1},
    "N": {"kk": 80, "yk": 8, "gk": 9, "gs": 1, "assoc": 2},
    "O": {"kk": 50, "yk": 3, "gk": 6, "assoc": 8, "school": 33},
    "P": {"kk": 48, "yk": 5, "gk": 7, "assoc": 3, "medical": 22, "welfare": 15},
    "Q": {"kk": 12, "assoc": 3, "coop": 55, "bizcoop": 30},
    "R": {"kk": 82, "yk": 6, "gk": 9, "gs": 0.5, "assoc": 2.5},
    "S": {"kk": 55, "gk": 5, "assoc": 40},
    "T": _DEFAULT_FORMS,
}

# -- stems by division and form ----------------------------------------------------------------

# Weights of family, place, auspicious, shop-mark, katakana, coined, hiragana and initials stems
# by division: family names for builders and factories, coinages for IT and consultancies ...
_STEM_WEIGHTS: dict[str, tuple[float, ...]] = {
    "A": (35, 30, 5, 3, 7, 10, 10, 3),
    "B": (30, 25, 10, 20, 5, 5, 5, 2),
    "C": (35, 35, 15, 5, 5, 5, 0, 5),
    "D": (40, 18, 12, 4, 6, 9, 3, 12),
    "E": (36, 19, 12, 4, 7, 11, 2, 12),
    "F": (15, 40, 10, 0, 12, 15, 5, 5),
    "G": (16, 12, 6, 0, 8, 46, 5, 12),
    "H": (36, 20, 11, 8, 6, 9, 3, 10),
    "I": (35, 17, 11, 10, 7, 9, 4, 8),
    "J": (15, 20, 10, 0, 15, 30, 5, 8),
    "K": (25, 20, 10, 3, 12, 20, 5, 8),
    "L": (30, 12, 6, 0, 12, 28, 5, 10),
    "M": (20, 30, 6, 6, 12, 12, 12, 4),
    "N": (25, 20, 8, 4, 12, 16, 10, 6),
    "O": (20, 25, 10, 0, 15, 15, 15, 2),
    "P": (28, 25, 8, 0, 10, 15, 8, 6),
    "Q": (10, 50, 15, 0, 10, 5, 10, 0),
    "R": (30, 18, 10, 4, 12, 16, 6, 8),
    "S": (0, 60, 10, 0, 10, 5, 15, 0),
    "T": (33, 18, 12, 5, 9, 14, 5, 8),
}
# Multipliers by legal form: 合同会社 lean to coinages, 有限会社 to family names and shop marks.
_FORM_STEM_FACTORS: dict[str, tuple[float, ...]] = {
    "kk": (1, 1, 1, 1, 1, 1, 1, 1),
    "yk": (1.3, 0.9, 1, 2, 0.5, 0.3, 0.8, 0.6),
    "gk": (0.5, 0.5, 0.4, 0.2, 2, 3, 2.5, 1.5),
    "gs": (1.5, 0.8, 1, 2, 0.2, 0.1, 0.5, 0.3),
}
# Special corporations draw their stems from fixed mixes.
_SPECIAL_STEM_WEIGHTS: dict[str, tuple[float, ...]] = {
    "association": (0, 65, 0, 0, 15, 0, 20, 0),
    "medical": (55, 20, 15, 0, 0, 0, 10, 0),
    "welfare": (20, 40, 30, 0, 0, 0, 10, 0),
    "school": (30, 35, 10, 0, 5, 0, 20, 0),
    "coop": (0, 75, 20, 0, 0, 0, 5, 0),
}

# Share of coined katakana stems that stand alone without a business word (株式会社ネクストリンク).
_BARE_COINED: dict[str, float] = {"G": 0.3, "J": 0.25, "L": 0.25, "T": 0.3}
_BARE_COINED_DEFAULT = 0.1

# Katakana stems prefer katakana business words (ネクストリンクシステム) where a division has
# enough of them.
_KATAKANA_WORD_PREFERENCE = 0.6
_MIN_KATAKANA_WORDS = 12

# Share of English names that romanise the business word ("Yamada Kensetsu") rather than
# translating it ("Yamada Construction").
_ROMANISED_SHARE = 0.3

# Combinations that would be (or closely imitate) well-known real companies; a name beginning
# with one of these, after any 新 prefix (清水建設工業, 新大和運輸), is redrawn.
_RESERVED_NAMES = """
    清水建設 前田建設 前田建設工業 大和運輸 大和ハウス 大和リース 富士電機 富士ソフト 旭化成 旭硝子
    鈴木自動車 吉田工業 早川電機 藤田観光 長谷川工務店 中村屋 木村屋 内田洋行 森精機 前川製作所
    加藤製作所 宮田工業 平田機工 木下工務店 佐藤商事 佐藤工業 石井食品 青木建設 安藤建設 松井建設
    福田組 森本組 第一建設工業 光通信 朝日放送 大洋漁業 丸和運輸 ベスト電器 アルファシステム
    アルファシステムズ クラウドワークス メディアワークス サンスター ライフネット ソリッドワークス
    ロイヤルホテル ロイヤルホールディングス パシフィックコンサルタンツ グリーンハウス 新光電気工業
    北陸電力 東北電力 中部電力 九州電力 四国電力 北陸ガス 共立メンテナンス 岩崎電気 黒田精工
    鶴屋 本多工業 本多技研 吉野工業所 エスビー食品 飯田産業 栄光ゼミナール 大和総研 東海ゴム工業
    朝日酒造 三和ホールディングス 平和堂 太平工業 太平電業
"""
_RESERVED = tuple(sorted(set(_RESERVED_NAMES.split())))

# -- per-division tables, precomputed ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Division:
    forms: tuple[_Form, ...]
    forms_cum: tuple[float, ...]
    stems_cum: Mapping[str, tuple[float, ...]]  # by form key or special form kind
    words: tuple[_Word, ...]
    words_cum: tuple[float, ...]
    kanji_words: tuple[_Word, ...]  # for shop marks: 丸三運輸 rather than 丸三ロジスティクス
    kanji_cum: tuple[float, ...]
    katakana_words: tuple[_Word, ...]  # preferred after katakana stems
    katakana_cum: tuple[float, ...]
    modern_words: tuple[_Word, ...]  # without 屋, 堂, 亭, which suit only traditional stems
    modern_cum: tuple[float, ...]
    bare_coined: float
    coop_fields: tuple[_Word, ...]


def _merged(words: Iterable[tuple[_Word, float]]) -> tuple[tuple[_Word, float], ...]:
    """Drop repeated words (a division's own 興業 and the generic one), adding up weights."""
    merged: dict[str, tuple[_Word, float]] = {}
    for word, weight in words:
        first, total = merged.get(word.ja, (word, 0.0))
        merged[word.ja] = (first, total + weight)
    return tuple(merged.values())  # insertion order, so deterministic


def _division(letter: str, words: tuple[tuple[_Word, float], ...]) -> _Division:
    all_words = _merged(words + _GENERIC)
    forms = _FORM_WEIGHTS[letter]
    base = _STEM_WEIGHTS[letter]
    stems_cum: dict[str, tuple[float, ...]] = {
        key: _cumulative(w * f for w, f in zip(base, factors, strict=True))
        for key, factors in _FORM_STEM_FACTORS.items()
    }
    for kind, weights in _SPECIAL_STEM_WEIGHTS.items():
        stems_cum[kind] = _cumulative(weights)
    kanji = tuple((w, x) for w, x in all_words if not _is_katakana(w.ja))
    katakana = tuple((w, x) for w, x in all_words if _is_katakana(w.ja))
    if len(katakana) < _MIN_KATAKANA_WORDS:  # too few to prefer without repeating names
        katakana = all_words
    modern = tuple((w, x) for w, x in all_words if not w.romaji.startswith("~"))
    return _Division(
        forms=tuple(_FORMS[key] for key in forms),
        forms_cum=_cumulative(forms.values()),
        stems_cum=stems_cum,
        words=tuple(w for w, _ in all_words),
        words_cum=_cumulative(x for _, x in all_words),
        kanji_words=tuple(w for w, _ in kanji),
        kanji_cum=_cumulative(x for _, x in kanji),
        katakana_words=tuple(w for w, _ in katakana),
        katakana_cum=_cumulative(x for _, x in katakana),
        modern_words=tuple(w for w, _ in modern),
        modern_cum=_cumulative(x for _, x in modern),
        bare_coined=_BARE_COINED.get(letter, _BARE_COINED_DEFAULT),
        coop_fields=tuple(w for w, _ in _COOP_FIELDS.get(letter, _COOP_FIELDS["Q"])),
    )


_DIVISIONS: dict[str, _Division] = {
    letter: _division(letter, words)
    for letter, words in (
        ("A", _A), ("B", _B), ("C", _C), ("D", _D), ("E", _E), ("F", _F), ("G", _G),
        ("H", _H), ("I", _I), ("J", _J), ("K", _K), ("L", _L), ("M", _M), ("N", _N),
        ("O", _O), ("P", _P), ("Q", _Q), ("R", _R), ("S", _S), ("T", _T),
    )
}  # fmt: skip

_SPECIAL_WORDS = {
    kind: (tuple(w for w, _ in table), _cumulative(x for _, x in table))
    for kind, table in (
        ("association", _ASSOCIATION_BODIES),
        ("medical", _MEDICAL),
        ("welfare", _WELFARE),
        ("school", _SCHOOL),
    )
}
_ASSOCIATION_FIELD_WORDS = tuple(w for w, _ in _ASSOCIATION_FIELDS)


# -- generation --------------------------------------------------------------------------------


def _stem(rng: random.Random, cum: Sequence[float]) -> tuple[int, _Word]:
    kind = _pick(rng, cum)
    stem = rng.choice(_POOLS[kind])
    if (
        kind in (_K_PLACE, _K_AUSPICIOUS)
        and rng.random() < _NEW_PREFIX_SHARE
        and not stem.ja.startswith("新")
    ):
        romaji = f"Shin-{stem.romaji}"
        stem = _Word("新" + stem.ja, "シン" + stem.kana, romaji, (romaji,))
    return kind, stem


def _english(rng: random.Random, word: _Word, romanised: bool) -> str:
    if romanised:
        return word.romaji
    if len(word.english) == 1:
        return word.english[0]
    return rng.choice(word.english)


def _core(
    rng: random.Random, division: _Division, form: _Form, romanised: bool
) -> tuple[str, str, str]:
    """The name without its legal form: Japanese, katakana reading, English."""
    parts: tuple[_Word, ...]
    if form.kind == "company":
        kind, stem = _stem(rng, division.stems_cum[form.key])
        if kind == _K_COINED and rng.random() < division.bare_coined:
            return stem.ja, stem.kana, stem.romaji
        if kind == _K_SHOP:
            words, cum = division.kanji_words, division.kanji_cum
        elif kind in (_K_KATAKANA, _K_COINED) and rng.random() < _KATAKANA_WORD_PREFERENCE:
            words, cum = division.katakana_words, division.katakana_cum
        elif kind in (_K_KATAKANA, _K_COINED, _K_INITIALS):
            words, cum = division.modern_words, division.modern_cum
        else:
            words, cum = division.words, division.words_cum
        parts = (stem, words[_pick(rng, cum)])
    elif form.kind == "coop":
        _, stem = _stem(rng, division.stems_cum["coop"])
        parts = (stem, rng.choice(division.coop_fields))
    elif form.kind == "association":
        _, stem = _stem(rng, division.stems_cum["association"])
        bodies, cum = _SPECIAL_WORDS["association"]
        parts = (stem, rng.choice(_ASSOCIATION_FIELD_WORDS), bodies[_pick(rng, cum)])
    else:
        _, stem = _stem(rng, division.stems_cum[form.kind])
        words, cum = _SPECIAL_WORDS[form.kind]
        parts = (stem, words[_pick(rng, cum)])
    english = stem.romaji
    for word in parts[1:]:
        english = _join(english, _english(rng, word, romanised))
    return "".join(p.ja for p in parts), "".join(p.kana for p in parts), english


def company_name(rng: random.Random, industry: str) -> CompanyName:
    """A fictional company name suited to JSIC major division ``industry`` ("A" to "T")."""
    try:
        division = _DIVISIONS[industry]
    except KeyError:
        raise ValueError(f"unknown JSIC major division: {industry!r}") from None
    form = division.forms[_pick(rng, division.forms_cum)]
    romanised = rng.random() < _ROMANISED_SHARE
    while True:
        ja, kana, english = _core(rng, division, form, romanised)
        if not ja.startswith(_RESERVED) and not (ja[0] == "新" and ja[1:].startswith(_RESERVED)):
            break
    legal_en = form.english[_pick(rng, form.english_cum)]
    english = f"{legal_en} {english}" if form.english_first else f"{english} {legal_en}"
    if form.prefix_share >= 1.0 or (form.prefix_share > 0 and rng.random() < form.prefix_share):
        name = form.ja + ja
    else:
        name = ja + form.ja
    return CompanyName(name=name, kana=kana, english=english, legal_form=form.ja)


# -- people ------------------------------------------------------------------------------------

_MALE_GIVEN = _stems(
    """
    太郎::Taro 一郎::Ichiro 健一::Kenichi 誠::Makoto 浩::Hiroshi 隆::Takashi 大輔::Daisuke
    翔太::Shota 拓也::Takuya 直樹::Naoki 和也::Kazuya 健太::Kenta 修::Osamu 剛::Tsuyoshi
    博之::Hiroyuki 雅人::Masato 慎也::Shinya 亮::Ryo 学::Manabu 進::Susumu 茂::Shigeru
    勝::Masaru 豊::Yutaka 清::Kiyoshi 正樹::Masaki 康弘::Yasuhiro 英樹::Hideki 俊介::Shunsuke
    哲也::Tetsuya 聡::Satoshi 達也::Tatsuya 悠斗::Yuto 蓮::Ren 陽介::Yosuke 裕介::Yusuke
    光太郎::Kotaro 淳::Jun 徹::Toru 実::Minoru 昭::Akira 敏夫::Toshio 幸男::Yukio 和夫::Kazuo
    健二::Kenji 浩二::Koji 正和::Masakazu 智之::Tomoyuki 義男::Yoshio 武::Takeshi 洋平::Yohei
    圭介::Keisuke 恭平::Kyohei 大樹::Daiki 航::Wataru 隼人::Hayato 克也::Katsuya
    雄一::Yuichi 真一::Shinichi 秀夫::Hideo 弘::Hiroshi 信行::Nobuyuki 孝之::Takayuki
    """
)
_FEMALE_GIVEN = _stems(
    """
    花子::Hanako 恵子::Keiko 洋子::Yoko 幸子::Sachiko 久美子::Kumiko 由美::Yumi 明美::Akemi
    直美::Naomi 裕子::Yuko 智子::Tomoko 真由美::Mayumi 美穂::Miho 香織::Kaori 愛::Ai 彩::Aya
    美咲::Misaki 陽子::Yoko 麻衣::Mai 千尋::Chihiro 沙織::Saori 京子::Kyoko 和子::Kazuko
    順子::Junko 由紀::Yuki 理恵::Rie 直子::Naoko 典子::Noriko 美紀::Miki 亜希子::Akiko
    晴美::Harumi 早苗::Sanae 友美::Tomomi 真理子::Mariko 優子::Yuko 絵美::Emi さくら::Sakura
    結衣::Yui 葵::Aoi 美香::Mika 加奈子::Kanako 里美::Satomi 静香::Shizuka 瞳::Hitomi
    麻美::Asami 由香::Yuka 玲子::Reiko 貴子::Takako 雅子::Masako 純子::Junko 美和::Miwa
    """
)
_FEMALE_SHARE = 0.15


def person_name(rng: random.Random) -> tuple[str, str]:
    """A signer's name: ("山田　太郎", "Taro Yamada"), family name first in Japanese."""
    family = rng.choice(_FAMILY)
    given = rng.choice(_FEMALE_GIVEN if rng.random() < _FEMALE_SHARE else _MALE_GIVEN)
    return f"{family.ja}\u3000{given.ja}", f"{given.romaji} {family.romaji}"


# Signer titles by legal form: the first key found in the hint wins (医療法人社団 is a 医療法人).
_TITLES: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[float, ...]], ...] = tuple(
    (key, tuple(pair for pair, _ in titles), _cumulative(weight for _, weight in titles))
    for key, titles in (
        (
            "株式会社",
            (
                (("代表取締役社長", "President and Representative Director"), 40),
                (("代表取締役", "Representative Director"), 42),
                (("代表取締役会長", "Chairman and Representative Director"), 6),
                (("代表執行役社長", "President and Representative Executive Officer"), 5),
                (("代表取締役CEO", "Representative Director and CEO"), 7),
            ),
        ),
        (
            "有限会社",
            (
                (("代表取締役", "Representative Director"), 55),
                (("取締役", "Director"), 45),
            ),
        ),
        (
            "合同会社",
            (
                (("代表社員", "Representative Member"), 80),
                (("職務執行者", "Executive Officer"), 20),
            ),
        ),
        (
            "合資会社",
            (
                (("代表社員", "Representative Partner"), 60),
                (("無限責任社員", "General Partner"), 40),
            ),
        ),
        ("一般社団法人", ((("代表理事", "Representative Director"), 1),)),
        ("医療法人", ((("理事長", "Chairperson"), 1),)),
        ("社会福祉法人", ((("理事長", "Chairperson"), 1),)),
        ("学校法人", ((("理事長", "Chairperson"), 1),)),
        (
            "協同組合",
            (
                (("代表理事", "Representative Director"), 60),
                (("理事長", "Chairperson"), 40),
            ),
        ),
    )
)


def representative_title(rng: random.Random, legal_form_hint: str) -> tuple[str, str]:
    """A plausible signer title (Japanese, English) for a legal form such as 株式会社."""
    for key, titles, cum in _TITLES:
        if key in legal_form_hint:
            return titles[_pick(rng, cum)]
    return "代表者", "Representative"
