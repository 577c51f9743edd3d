package clean

import (
	"bytes"
	"html"
	"strings"

	"codeberg.org/readeck/go-readability"
	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/baogao/baogao/internal/report"
)

// htmlArticle keeps the article of a saved web page and drops navigation,
// ads, share buttons and comment boxes. go-readability decides what the
// article is; a tokenizer over the same source then emits the article's
// text nodes in order with their byte positions, so the map to the raw
// file survives.
func htmlArticle(t Text) (Text, string, error) {
	art, err := readability.FromReader(strings.NewReader(t.s), nil)
	if err != nil || art.Node == nil {
		return Text{}, "", report.Errorf(report.Invalid, "网页中没有正文")
	}
	want := map[string]int{}
	var walk func(n *nethtml.Node)
	walk = func(n *nethtml.Node) {
		if n.Type == nethtml.TextNode {
			if k := textKey(n.Data); k != "" {
				want[k]++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(art.Node)
	if len(want) == 0 {
		return Text{}, "", report.Errorf(report.Invalid, "网页中没有正文")
	}

	var b, title Builder
	z := nethtml.NewTokenizer(strings.NewReader(t.s))
	pos := 0
	skip, inTitle := 0, false
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		raw := z.Raw()
		start := pos
		pos += len(raw)
		switch tt {
		case nethtml.StartTagToken, nethtml.EndTagToken, nethtml.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				if tt == nethtml.StartTagToken {
					skip++
				} else if tt == nethtml.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Title:
				inTitle = tt == nethtml.StartTagToken
			}
			if blockTag(a) && b.Len() > 0 && b.LastByte() != '\n' {
				p := t.rawStart(start)
				b.WriteRune('\n', p, p)
			}
		case nethtml.TextToken:
			if skip > 0 {
				continue
			}
			if inTitle {
				writeHTMLText(&title, t, start, raw)
				continue
			}
			k := textKey(html.UnescapeString(string(raw)))
			if want[k] > 0 {
				want[k]--
				writeHTMLText(&b, t, start, raw)
			}
		}
	}
	out := b.Text()
	han := 0
	for _, r := range out.s {
		if isHan(r) {
			han++
		}
	}
	if han < minArticle {
		return Text{}, "", report.Errorf(report.Invalid, "网页中没有正文（只有 %d 个汉字）", han)
	}
	ti := strings.TrimSpace(title.Text().s)
	if ti != "" && !strings.Contains(out.s, ti) {
		// Keep the page title as the first line: it often names the report.
		var withTitle Builder
		withTitle.WriteText(title.Text())
		withTitle.WriteRune('\n', 0, 0)
		withTitle.WriteText(out)
		out = withTitle.Text()
	}
	return out, ti, nil
}

// minArticle is the fewest Chinese characters an article may hold.
const minArticle = 30

func textKey(s string) string { return strings.Join(strings.Fields(s), " ") }

// writeHTMLText appends a text token, decoding entities; each decoded
// rune maps to the whole entity.
func writeHTMLText(b *Builder, t Text, at int, raw []byte) {
	for i := 0; i < len(raw); {
		if raw[i] == '&' {
			if j := bytes.IndexByte(raw[i:min(len(raw), i+12)], ';'); j > 0 {
				ent := string(raw[i : i+j+1])
				if dec := html.UnescapeString(ent); dec != ent {
					rs, re := t.rawStart(at+i), t.rawEnd(at+i+j)
					for _, r := range dec {
						b.WriteRune(r, rs, re)
					}
					i += j + 1
					continue
				}
			}
		}
		k := at + i
		if c := t.s[k]; c == '\n' || c == '\r' || c == '\t' {
			p := t.rawStart(k)
			b.WriteString(" ", p, t.rawEnd(k))
			i++
			continue
		}
		// Copy up to the next entity or line break as it stands.
		n := 1
		for i+n < len(raw) && raw[i+n] != '&' && raw[i+n] != '\n' && raw[i+n] != '\r' && raw[i+n] != '\t' {
			n++
		}
		b.WriteText(t.Slice(k, k+n))
		i += n
	}
}

func blockTag(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Tr, atom.Td, atom.Th, atom.Table, atom.Section, atom.Article, atom.Blockquote, atom.Pre, atom.Hr,
		atom.Header, atom.Footer, atom.Dd, atom.Dt, atom.Title:
		return true
	}
	return false
}
