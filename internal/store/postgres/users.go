package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baogao/baogao/internal/report"
)

// AddUser implements report.UserStore.
func (s *Store) AddUser(ctx context.Context, u *report.User) error {
	err := s.db.QueryRow(ctx, `INSERT INTO users(name, role, unit, password, created) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
		u.Name, u.Role, u.Unit, u.Password, s.now().UTC()).Scan(&u.ID)
	switch {
	case isCode(err, uniqueViolation):
		return report.Errorf(report.Conflict, "账号 %s 已存在", u.Name)
	case isCode(err, checkViolation):
		return report.Errorf(report.Invalid, "角色 %q 不存在（admin、editor、viewer、citizen 或 deputy）", u.Role)
	}
	return err
}

func (s *Store) userWhere(ctx context.Context, where string, arg any) (*report.User, error) {
	var u report.User
	err := s.db.QueryRow(ctx, `SELECT id, name, role, unit, password FROM users WHERE `+where, arg).Scan(&u.ID, &u.Name, &u.Role, &u.Unit, &u.Password)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, report.Errorf(report.NotFound, "账号不存在")
	}
	return &u, err
}

// UserByName implements report.UserStore.
func (s *Store) UserByName(ctx context.Context, name string) (*report.User, error) {
	return s.userWhere(ctx, `name = $1`, name)
}

// AddSession implements report.UserStore.
func (s *Store) AddSession(ctx context.Context, tokenHash string, sess report.Session) error {
	_, err := s.db.Exec(ctx, `INSERT INTO sessions(token, user_id, csrf, expires) VALUES ($1,$2,$3,$4)`,
		tokenHash, sess.User.ID, sess.CSRF, sess.Expires.UTC())
	return err
}

// SessionByToken implements report.UserStore; an expired session is not found.
func (s *Store) SessionByToken(ctx context.Context, tokenHash string) (*report.Session, error) {
	var sess report.Session
	err := s.db.QueryRow(ctx, `SELECT u.id, u.name, u.role, u.unit, s.csrf, s.expires FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = $1`, tokenHash).
		Scan(&sess.User.ID, &sess.User.Name, &sess.User.Role, &sess.User.Unit, &sess.CSRF, &sess.Expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, report.Errorf(report.NotFound, "会话不存在")
	}
	if err != nil {
		return nil, err
	}
	sess.Expires = sess.Expires.UTC()
	if s.now().After(sess.Expires) {
		return nil, report.Errorf(report.NotFound, "会话已过期")
	}
	return &sess, nil
}

// DeleteSession implements report.UserStore.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE token = $1`, tokenHash)
	return err
}

// AddToken implements report.UserStore.
func (s *Store) AddToken(ctx context.Context, tokenHash string, userID int64, name string, expires time.Time) error {
	var exp *time.Time
	if !expires.IsZero() {
		exp = &expires
	}
	_, err := s.db.Exec(ctx, `INSERT INTO api_tokens(token, user_id, name, created, expires) VALUES ($1,$2,$3,$4,$5)`,
		tokenHash, userID, name, s.now().UTC(), exp)
	return err
}

// UserByToken implements report.UserStore.
func (s *Store) UserByToken(ctx context.Context, tokenHash string) (*report.User, error) {
	var u report.User
	err := s.db.QueryRow(ctx, `SELECT id, name, role, unit, password FROM users WHERE id = (SELECT user_id FROM api_tokens
		WHERE token = $1 AND revoked IS NULL AND (expires IS NULL OR expires > $2))`, tokenHash, s.now().UTC()).
		Scan(&u.ID, &u.Name, &u.Role, &u.Unit, &u.Password)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, report.Errorf(report.NotFound, "令牌不存在，或已撤销、已过期")
	}
	return &u, err
}

// RevokeTokens implements report.UserStore.
func (s *Store) RevokeTokens(ctx context.Context, userID int64, name string) (int, error) {
	tag, err := s.db.Exec(ctx, `UPDATE api_tokens SET revoked = $1 WHERE user_id = $2 AND revoked IS NULL AND ($3 = '' OR name = $3)`,
		s.now().UTC(), userID, name)
	return int(tag.RowsAffected()), err
}
