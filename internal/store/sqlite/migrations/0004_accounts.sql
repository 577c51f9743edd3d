-- Accounts for writing through the server. Secrets are stored hashed.
CREATE TABLE users (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE,
	role     TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
	unit     TEXT NOT NULL DEFAULT '',
	password TEXT NOT NULL, -- argon2id, PHC string
	created  TEXT NOT NULL
);
CREATE TABLE sessions (
	token   TEXT PRIMARY KEY, -- SHA-256 of the cookie value
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf    TEXT NOT NULL,
	expires TEXT NOT NULL
);
CREATE TABLE api_tokens (
	token   TEXT PRIMARY KEY, -- SHA-256 of the token
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name    TEXT NOT NULL,
	created TEXT NOT NULL
);
