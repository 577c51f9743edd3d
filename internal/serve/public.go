package serve

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"mime"
	"net/http"
	"net/smtp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/participate"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// The public record (阳光政务): a page per unit, an Atom feed of changes,
// and mail to those who follow a task or asked a question.

// Mail is the SMTP server notices are sent through; without one, notices
// stay in the app and the feed.
type Mail struct {
	Addr     string // host:port
	From     string // the sender's address
	Username string // for PLAIN auth, when the server asks for it
	Password string
}

// queuedMail is one notice waiting to be sent.
type queuedMail struct {
	to  string
	msg []byte
}

// mailTo queues a notice to an account whose handle is an e-mail address.
// Two senders work through the queue, so a slow mail server holds up no
// request; when the queue is full the notice is dropped and logged (it
// stays in the app and the feed).
func (s *Server) mailTo(account, subject, body string) {
	if s.opt.Mail == nil || !reMail.MatchString(account) {
		return
	}
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		s.opt.Mail.From, account, mime.BEncoding.Encode("UTF-8", subject), s.opt.Now().Format(time.RFC1123Z))
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		msg.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	msg.WriteString(enc + "\r\n")
	select {
	case s.mails <- queuedMail{account, msg.Bytes()}:
	default:
		s.log.Warn("mail queue full, notice not mailed", "to", account)
	}
}

// sendMails sends the queued notices, for the life of the process.
func (s *Server) sendMails() {
	m := s.opt.Mail
	var auth smtp.Auth
	if m.Username != "" {
		host, _, _ := strings.Cut(m.Addr, ":")
		auth = smtp.PlainAuth("", m.Username, m.Password, host)
	}
	for ml := range s.mails {
		if err := smtp.SendMail(m.Addr, auth, m.From, []string{ml.to}, ml.msg); err != nil {
			s.log.Warn("mail not sent", "to", ml.to, "err", err)
		}
	}
}

// notifyFollowers mails a task's followers of a change; an internal
// change goes to staff only.
func (s *Server) notifyFollowers(ctx context.Context, t *report.Task, internal bool) {
	us, err := s.st.Followers(ctx, t.ID)
	if err != nil {
		s.log.Warn("followers", "task", t.ID, "err", err)
		return
	}
	last := t.Events[len(t.Events)-1]
	for _, u := range us {
		if internal && !participate.Staff(&u) {
			continue
		}
		s.mailTo(u.Name, fmt.Sprintf("您关注的任务有新进展：%s", t.Title),
			fmt.Sprintf("任务 %d（%s）：%s\n\n%s/tasks/%d\n\n不再关注：在任务页点“取消关注”。", t.ID, t.Region, eventText(last), s.opt.PublicURL, t.ID))
	}
}

// ---- the Atom feed

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Link    atomLink    `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Author  string   `xml:"author>name"`
	Summary string   `xml:"summary"`
}

// feed is the latest 50 public changes of tasks (and answers to public
// questions), for a task, a unit or a region when asked.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	task, _ := strconv.ParseInt(q.Get("task"), 10, 64)
	unit := q.Get("unit")
	ts, err := s.tasksOf(r.Context(), report.TaskFilter{Region: q.Get("region")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := strings.TrimSuffix(s.opt.PublicURL, "/")
	var es []atomEntry
	var ats []time.Time
	for _, t := range ts {
		if task != 0 && t.ID != task || unit != "" && t.State.LeadUnit != unit && !slices.Contains(t.State.CoUnits, unit) {
			continue
		}
		for _, e := range t.Events {
			if e.Kind == track.EvCreated || track.Internal(e) {
				continue
			}
			es = append(es, atomEntry{Title: fmt.Sprintf("%s：%s", eventZH(e.Kind), t.Title),
				ID: fmt.Sprintf("tag:baogao,%s:task/%d/%d", e.At.Format("2006-01-02"), t.ID, e.Seq), Updated: e.At.UTC().Format(time.RFC3339),
				Link: atomLink{Href: fmt.Sprintf("%s/tasks/%d", base, t.ID)}, Author: e.Actor, Summary: eventText(e)})
			ats = append(ats, e.At)
		}
	}
	if task == 0 && q.Get("region") == "" {
		qs, err := s.questions(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, x := range qs {
			if !x.Public || x.Hidden || unit != "" && x.Unit != unit {
				continue
			}
			for i, a := range x.Answers {
				es = append(es, atomEntry{Title: fmt.Sprintf("%s 答复问题：%s", a.By, x.About), ID: fmt.Sprintf("tag:baogao,%s:question/%d/%d", a.At.Format("2006-01-02"), x.ID, i+1),
					Updated: a.At.UTC().Format(time.RFC3339), Link: atomLink{Href: fmt.Sprintf("%s/questions/%d", base, x.ID)}, Author: a.By, Summary: a.Text})
				ats = append(ats, a.At)
			}
		}
	}
	order := make([]int, len(es))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return ats[b].Compare(ats[a]) })
	if len(order) > 50 {
		order = order[:50]
	}
	f := atomFeed{Title: "报告 · 任务动态", ID: "tag:baogao,2024:feed?" + r.URL.RawQuery, Link: atomLink{Href: base + r.URL.RequestURI(), Rel: "self"}, Updated: s.opt.Now().UTC().Format(time.RFC3339)}
	if unit != "" {
		f.Title = "报告 · " + unit + " 任务动态"
	}
	for _, i := range order {
		f.Entries = append(f.Entries, es[i])
	}
	if len(order) > 0 {
		f.Updated = es[order[0]].Updated
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		s.log.Warn("feed cut short", "err", err)
	}
}

// ---- a unit's public page

func (s *Server) pageUnit(w http.ResponseWriter, r *http.Request) {
	unit := r.PathValue("name")
	year, err := intParam(r, "year", 0, 0, 3000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The board, as the reader may see it: the public's without the
	// internal notes.
	b, err := s.boardOf(r.Context(), boardKey{report.TaskFilter{Region: r.URL.Query().Get("region"), Year: year}, !participate.Staff(userOf(r))})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var leadRows, coRows []int
	for i := range b.Len() {
		switch {
		case b.LeadUnit(i) == unit:
			leadRows = append(leadRows, i)
		case b.CoUnit(i, unit):
			coRows = append(coRows, i)
		}
	}
	lead, err := s.boardTasks(r, b, leadRows)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	co, err := s.boardTasks(r, b, coRows)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	qs, err := s.questions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := userOf(r)
	qs = slices.DeleteFunc(qs, func(q participate.Question) bool { return q.Unit != unit || !q.Visible(u) })
	ss, err := s.suggestions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ss = slices.DeleteFunc(ss, func(x participate.Suggestion) bool { return x.Unit != unit })
	if len(lead)+len(co)+len(qs)+len(ss) == 0 {
		s.fail(w, r, report.Errorf(report.NotFound, "没有单位 %s 的任务、问题或建议提案", unit))
		return
	}
	slices.Reverse(qs)
	var qf, sf *participate.UnitFigures
	if f := participate.QuestionFigures(qs); len(f) > 0 {
		qf = &f[0]
	}
	if f := participate.SuggestionFigures(ss); len(f) > 0 {
		sf = &f[0]
	}
	s.render(w, r, "unit", map[string]any{"Unit": unit, "PageTitle": unit, "Lead": lead, "Co": co, "Questions": qs, "QF": qf, "Suggestions": ss, "SF": sf})
}
