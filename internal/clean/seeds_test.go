package clean

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// seedDir holds the canonical real report copies, beside the repository.
const seedDir = "../../../shared/seeds"

func cleanSeed(t *testing.T, prefix string) (string, Result) {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(seedDir, prefix+"_*.txt"))
	if len(m) != 1 {
		t.Fatalf("seed %s not found in %s", prefix, seedDir)
	}
	raw, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	res, err := Clean(raw, "text", Options{})
	if err != nil {
		t.Fatalf("Clean(%s): %v", m[0], err)
	}
	return string(raw), res
}

func TestSeedChromeRemoved(t *testing.T) {
	junk := []string{"申明敬告", "我要回帖", "更多关于", "随机推荐", "微信扫码", "领取福利", "加入收藏", "分享到", "Produced By", "下一篇", "查看更多"}
	for _, seed := range []string{"000", "001", "002", "003", "004"} {
		_, res := cleanSeed(t, seed)
		for _, j := range junk {
			if strings.Contains(res.Text.String(), j) {
				t.Errorf("seed %s: %q left in cleaned text", seed, j)
			}
		}
	}
	_, res := cleanSeed(t, "000")
	if n := strings.Count(res.Text.String(), "区政府XX年工作总结与XX年工作计划"); n != 1 {
		t.Errorf("000: title kept %d times, want once", n)
	}
	_, res = cleanSeed(t, "001")
	if strings.Contains(res.Text.String(), "不知如何在线操作") {
		t.Error("001: the forum question that opens the page is still there")
	}
}

func TestSeedSEOPhraseRemoved(t *testing.T) {
	_, res := cleanSeed(t, "001")
	text := res.Text.String()
	if n := strings.Count(text, "干部最新任免"); n != 0 {
		t.Errorf("干部最新任免 occurs %d times, want 0", n)
	}
	if !strings.Contains(text, "在盐城市亭湖区第十届人民代表大会第四次会议上") {
		t.Error("盐城市亭湖区 no longer reads in the delivery line")
	}
	if !strings.Contains(text, "我代表盐城市亭湖区人民政府") {
		t.Error("盐城市亭湖区 no longer reads before 人民政府")
	}
	if res.Summary.Removed["SEO phrase"] == 0 {
		t.Error("summary does not count the SEO phrase removals")
	}
}

func TestSeedCharactersRepaired(t *testing.T) {
	raw, res := cleanSeed(t, "001")
	text := res.Text.String()
	for _, r := range "朂玳荿囚咑鍸鈈鋶嘚仩噺鉯囮嘫咾囼嫃苼銫淛哋倳畾蕗妀汙叺紟垺囻夶" {
		if strings.ContainsRune(raw, r) && strings.ContainsRune(text, r) {
			t.Errorf("look-alike %c still in cleaned 001", r)
		}
	}
	for _, w := range []string{"调结构", "平稳向好", "活动", "产业", "集体", "服务中心", "实验室", "实际利用"} {
		if !strings.Contains(text, w) {
			t.Errorf("cleaned 001 lacks %q", w)
		}
	}
	for _, r := range "調穩動產體務實" {
		if strings.ContainsRune(text, r) {
			t.Errorf("traditional %c left in cleaned 001", r)
		}
	}
	total := 0
	for _, n := range res.Summary.Repaired {
		total += n
	}
	if res.Summary.Repaired["朂→最"] == 0 || res.Summary.Repaired["體→体"] == 0 || total < 100 {
		t.Errorf("repairs not counted: %v", res.Summary.Repaired)
	}
}

func TestSeedRareCharactersSurvive(t *testing.T) {
	for seed, words := range map[string][]string{"000": {"甪直"}, "004": {"澥浦"}, "002": {"勠力同心"}, "001": {"彧寰"}} {
		raw, res := cleanSeed(t, seed)
		for _, w := range words {
			if !strings.Contains(raw, w) {
				t.Fatalf("seed %s has no %s to begin with", seed, w)
			}
			if !strings.Contains(res.Text.String(), w) {
				t.Errorf("seed %s: %s lost in cleaning", seed, w)
			}
		}
	}
}

// notBody lists, per seed, the raw paragraphs that are page furniture
// rather than report: they alone may go missing.
var notBody = map[string][]string{
	"000": {"申明敬告"},
	"001": {"我想在盐城市亭湖区", "从2016年10月份开始", "2020年第18期"},
	"002": {"admin 分享"},
}

// injected lists what the seeds' spam copies glued into sentences, so the
// raw side of the comparison can drop it too.
var injected = []string{"干部最新任免", "干部朂新任免"}

// comparable reduces raw text to what cleaning must keep: the characters
// the document's cleaning repaired, repaired; only letters and digits; no
// injected phrase.
func comparable(s string, repaired map[string]int) string {
	for _, p := range injected {
		s = strings.ReplaceAll(s, p, "")
	}
	var pairs []string
	for k := range repaired {
		if from, to, ok := strings.Cut(k, "→"); ok && utf8.RuneCountInString(from) == 1 {
			pairs = append(pairs, from, to)
		}
	}
	s = strings.NewReplacer(pairs...).Replace(s)
	return lettersDigits(s)
}

func lettersDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestSeedBodyParagraphsKept(t *testing.T) {
	for _, seed := range []string{"000", "001", "002", "003", "004"} {
		raw, res := cleanSeed(t, seed)
		cleaned := lettersDigits(res.Text.String())
		checked := 0
	para:
		for _, p := range strings.Split(raw, "\n") {
			p = strings.TrimSpace(p)
			if utf8.RuneCountInString(p) < 30 || !strings.ContainsAny(p, "。，,；") {
				continue
			}
			for _, skip := range notBody[seed] {
				if strings.HasPrefix(p, skip) {
					continue para
				}
			}
			// Split at chrome glued to a paragraph's end and at spaces
			// that joined paragraphs; every sentence must remain.
			for _, sentence := range strings.FieldsFunc(p, func(r rune) bool { return r == '。' || r == ' ' }) {
				c := comparable(sentence, res.Summary.Repaired)
				if utf8.RuneCountInString(c) < 8 || strings.Contains(sentence, "查看更多") {
					continue
				}
				checked++
				if !strings.Contains(cleaned, c) {
					t.Errorf("seed %s: sentence lost: %.60s", seed, sentence)
				}
			}
		}
		if checked < 20 {
			t.Errorf("seed %s: only %d sentences checked", seed, checked)
		}
	}
}

func TestSeedOffsetsPointAtRawBytes(t *testing.T) {
	for _, seed := range []string{"000", "001", "002", "003", "004"} {
		raw, res := cleanSeed(t, seed)
		text := res.Text.String()
		same, total := 0, 0
		for i, r := range text {
			if r == '\n' {
				continue
			}
			s, e := res.Text.RawSpan(i, i+utf8.RuneLen(r))
			if s < 0 || e > len(raw) || s >= e {
				t.Fatalf("seed %s: rune %d maps to [%d,%d) outside the %d raw bytes", seed, i, s, e, len(raw))
			}
			total++
			if raw[s:e] == string(r) {
				same++
			}
		}
		// Every rune maps to bytes; most map to their very own bytes,
		// the rest to what they repair (full-width digits, look-alikes).
		if float64(same) < 0.95*float64(total) {
			t.Errorf("seed %s: only %d of %d runes map to identical raw bytes", seed, same, total)
		}
		back, err := DecodeOffsets(text, EncodeOffsets(res.Text))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(text); i += 97 {
			a1, b1 := res.Text.RawSpan(i, min(i+40, len(text)))
			a2, b2 := back.RawSpan(i, min(i+40, len(text)))
			if a1 != a2 || b1 != b2 {
				t.Fatalf("seed %s: offsets differ after encode/decode at %d", seed, i)
			}
		}
	}
}
