-- API tokens expire (when set) and can be revoked; a revoked token is
-- kept, with when, so that the record says which script stopped when.
ALTER TABLE api_tokens ADD COLUMN expires TIMESTAMPTZ;
ALTER TABLE api_tokens ADD COLUMN revoked TIMESTAMPTZ;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
