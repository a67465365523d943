-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 008: an outgoing mail's text apart from its status row, so that
-- recording an outcome (sent, deferred, failed) writes a few bytes, not
-- the whole mail again. outbox_mail joins them back for readers.
CREATE TABLE outbox_bodies (
	id		INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
	data		BLOB NOT NULL		-- the whole message, CRLF
);
INSERT INTO outbox_bodies (id, data) SELECT id, data FROM outbox;
ALTER TABLE outbox DROP COLUMN data;
CREATE VIEW outbox_mail AS
	SELECT o.*, b.data AS data FROM outbox o
	JOIN outbox_bodies b ON b.id = o.id;
