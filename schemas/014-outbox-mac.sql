-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 014: only the daemon composes mail. Each queued mail carries a MAC made
-- with a key that only the daemon's user can read; a row without a valid
-- one is refused, never sent. sprintctl, which cannot read the key, asks
-- the daemon for mail through mail_requests instead of queueing it.

-- HMAC-SHA256 over the Message-ID, the recipient and the text, or NULL.
ALTER TABLE outbox ADD COLUMN mac BLOB;
-- 1: the daemon found no valid MAC and refused the row (status failed).
ALTER TABLE outbox ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;

-- What sprintctl asks the daemon to compose and queue: a digest now,
-- a sprint's invitations, the usual mail to a person after a correction,
-- a message read again. The daemon runs each once, in the transaction
-- that records its outcome.
CREATE TABLE mail_requests (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,	-- digest, invite, notify, reprocess
					-- (mailreq.c's table)
	sprint_id	INTEGER REFERENCES sprints(id) ON DELETE CASCADE,
	person_id	INTEGER,
	message_id	INTEGER REFERENCES messages(id),
	arg		TEXT,		-- notify: confirm, cancel, promoted
	created_at	TEXT NOT NULL,
	done_at		TEXT,		-- when the daemon ran it
	outcome		TEXT		-- what it did, or why it failed
);
CREATE INDEX mail_requests_waiting ON mail_requests(id)
    WHERE done_at IS NULL;
