-- Citizens and deputies take part: two roles more, and what they do is
-- kept as threads of events.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'editor', 'viewer', 'citizen', 'deputy'));

CREATE TABLE threads (
	id      BIGSERIAL PRIMARY KEY,
	kind    TEXT NOT NULL CHECK (kind IN ('question', 'suggestion', 'round')),
	created TIMESTAMPTZ NOT NULL
);
CREATE TABLE thread_events (
	id        BIGSERIAL PRIMARY KEY,
	thread_id BIGINT NOT NULL REFERENCES threads(id),
	seq       INTEGER NOT NULL,
	at        TIMESTAMPTZ NOT NULL,
	actor     TEXT NOT NULL,
	kind      TEXT NOT NULL,
	data      TEXT NOT NULL,
	UNIQUE (thread_id, seq)
);
-- Who voted in a round, and the votes each candidate got: the ballots
-- themselves are not kept, so nothing links a deputy to a choice.
CREATE TABLE ballot_voters (
	round_id BIGINT NOT NULL REFERENCES threads(id),
	user_id  BIGINT NOT NULL REFERENCES users(id),
	PRIMARY KEY (round_id, user_id)
);
CREATE TABLE ballot_tally (
	round_id  BIGINT NOT NULL REFERENCES threads(id),
	candidate INTEGER NOT NULL,
	votes     INTEGER NOT NULL,
	PRIMARY KEY (round_id, candidate)
);
CREATE TABLE follows (
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	task_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
	PRIMARY KEY (user_id, task_id)
);
CREATE INDEX follows_task ON follows(task_id);
CREATE TABLE audit (
	id      BIGSERIAL PRIMARY KEY,
	at      TIMESTAMPTZ NOT NULL,
	actor   TEXT NOT NULL,
	address TEXT NOT NULL,
	method  TEXT NOT NULL,
	path    TEXT NOT NULL,
	status  INTEGER NOT NULL
);
