package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// AddUser implements report.UserStore.
func (s *Store) AddUser(ctx context.Context, u *report.User) error {
	res, err := s.db.ExecContext(ctx, `INSERT INTO users(name, role, unit, password, created) VALUES (?,?,?,?,?)`,
		u.Name, u.Role, u.Unit, u.Password, s.now().UTC().Format(time.RFC3339))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return report.Errorf(report.Conflict, "账号 %s 已存在", u.Name)
		}
		if strings.Contains(err.Error(), "CHECK") {
			return report.Errorf(report.Invalid, "角色 %q 不存在（admin、editor、viewer、citizen 或 deputy）", u.Role)
		}
		return err
	}
	u.ID, err = res.LastInsertId()
	return err
}

func (s *Store) userWhere(ctx context.Context, where string, arg any) (*report.User, error) {
	var u report.User
	err := s.db.QueryRowContext(ctx, `SELECT id, name, role, unit, password FROM users WHERE `+where, arg).Scan(&u.ID, &u.Name, &u.Role, &u.Unit, &u.Password)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.NotFound, "账号不存在")
	}
	return &u, err
}

// UserByName implements report.UserStore.
func (s *Store) UserByName(ctx context.Context, name string) (*report.User, error) {
	return s.userWhere(ctx, `name = ?`, name)
}

// AddSession implements report.UserStore.
func (s *Store) AddSession(ctx context.Context, tokenHash string, sess report.Session) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions(token, user_id, csrf, expires) VALUES (?,?,?,?)`,
		tokenHash, sess.User.ID, sess.CSRF, sess.Expires.UTC().Format(time.RFC3339))
	return err
}

// SessionByToken implements report.UserStore; an expired session is not found.
func (s *Store) SessionByToken(ctx context.Context, tokenHash string) (*report.Session, error) {
	var sess report.Session
	var expires string
	err := s.db.QueryRowContext(ctx, `SELECT u.id, u.name, u.role, u.unit, s.csrf, s.expires FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = ?`, tokenHash).
		Scan(&sess.User.ID, &sess.User.Name, &sess.User.Role, &sess.User.Unit, &sess.CSRF, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.NotFound, "会话不存在")
	}
	if err != nil {
		return nil, err
	}
	sess.Expires, _ = time.Parse(time.RFC3339, expires)
	if s.now().After(sess.Expires) {
		return nil, report.Errorf(report.NotFound, "会话已过期")
	}
	return &sess, nil
}

// DeleteSession implements report.UserStore.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token = ?`, tokenHash)
	return err
}

// AddToken implements report.UserStore.
func (s *Store) AddToken(ctx context.Context, tokenHash string, userID int64, name string, expires time.Time) error {
	var exp any
	if !expires.IsZero() {
		exp = expires.UTC().Format(time.RFC3339)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO api_tokens(token, user_id, name, created, expires) VALUES (?,?,?,?,?)`,
		tokenHash, userID, name, s.now().UTC().Format(time.RFC3339), exp)
	return err
}

// UserByToken implements report.UserStore. Times are RFC 3339 in UTC, so
// they compare as text.
func (s *Store) UserByToken(ctx context.Context, tokenHash string) (*report.User, error) {
	var u report.User
	err := s.db.QueryRowContext(ctx, `SELECT id, name, role, unit, password FROM users WHERE id = (SELECT user_id FROM api_tokens
		WHERE token = ? AND revoked IS NULL AND (expires IS NULL OR expires > ?))`, tokenHash, s.now().UTC().Format(time.RFC3339)).
		Scan(&u.ID, &u.Name, &u.Role, &u.Unit, &u.Password)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.NotFound, "令牌不存在，或已撤销、已过期")
	}
	return &u, err
}

// RevokeTokens implements report.UserStore.
func (s *Store) RevokeTokens(ctx context.Context, userID int64, name string) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET revoked = ? WHERE user_id = ? AND revoked IS NULL AND (? = '' OR name = ?)`,
		s.now().UTC().Format(time.RFC3339), userID, name, name)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
