package serve

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/baogao/baogao/internal/report"
)

// Argon2id parameters: OWASP's recommendation (19 MiB, 2 passes, 1 lane).
const (
	argonMemory = 19 * 1024
	argonTime   = 2
	argonLanes  = 1
	argonKeyLen = 32
)

// HashPassword returns an argon2id hash of pw in the PHC string format.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonLanes, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonLanes, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// unknownUserHash is checked against when no account has the name given;
// made on the first sign-in, not when every baogao command starts (an
// argon2 hash costs 19 MiB and tens of milliseconds).
var unknownUserHash = sync.OnceValue(func() string {
	h, _ := HashPassword(NewToken())
	return h
})

// CheckPassword tells whether pw matches a hash from HashPassword.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewToken returns a random token for a cookie or a script.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how tokens are stored: never in clear.
func HashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

const (
	sessionCookie = "baogao_session"
	sessionLife   = 12 * time.Hour
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

type ctxKey int

const (
	userKey ctxKey = iota
	sessionKey
)

// who returns the account behind a request, from its API token or its
// session cookie, and the session when there is one.
func (s *Server) who(r *http.Request) (*report.User, *report.Session) {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		u, err := s.st.UserByToken(r.Context(), HashToken(strings.TrimPrefix(h, "Bearer ")))
		if err != nil {
			return nil, nil
		}
		return u, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, nil
	}
	sess, err := s.st.SessionByToken(r.Context(), HashToken(c.Value))
	if err != nil {
		return nil, nil
	}
	return &sess.User, sess
}

// identify attaches the account to the request's context.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, sess := s.who(r)
		ctx := context.WithValue(r.Context(), userKey, u)
		ctx = context.WithValue(ctx, sessionKey, sess)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func userOf(r *http.Request) *report.User {
	u, _ := r.Context().Value(userKey).(*report.User)
	return u
}

func sessionOf(r *http.Request) *report.Session {
	s, _ := r.Context().Value(sessionKey).(*report.Session)
	return s
}

// checkCSRF refuses a write made with a session cookie unless it carries
// the session's CSRF token; API tokens are not sent by browsers on their
// own and need none.
func checkCSRF(r *http.Request) error {
	sess := sessionOf(r)
	if sess == nil {
		return nil
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) != 1 {
		return report.Errorf(report.Forbidden, "表单已过期或来源不明，请刷新页面后重试 (CSRF)")
	}
	return nil
}

// canWrite tells an account that may upload and edit.
func canWrite(u *report.User) error {
	switch {
	case u == nil:
		return report.Errorf(report.Unauthenticated, "请先登录再修改")
	case u.Role == "viewer":
		return report.Errorf(report.Forbidden, "账号 %s 只能查看", u.Name)
	case u.Role != "admin" && u.Role != "editor":
		return report.Errorf(report.Forbidden, "公众和代表账号可以提问、提议、投票和关注，不能修改报告、事实和任务")
	}
	return nil
}

// startSession signs a browser in as u.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *report.User) error {
	tok := NewToken()
	sess := report.Session{User: *u, CSRF: NewToken(), Expires: time.Now().Add(sessionLife)}
	if err := s.st.AddSession(r.Context(), HashToken(tok), sess); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureRequest(r), Expires: sess.Expires})
	return nil
}
