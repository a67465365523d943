-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- sprintd schema, version 1: the tables for the whole mission.
-- Times are UTC "YYYY-MM-DDTHH:MM:SSZ"; calendar days are "YYYY-MM-DD".

CREATE TABLE sprints (
	id		INTEGER PRIMARY KEY,
	slug		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	start_date	TEXT NOT NULL,
	end_date	TEXT NOT NULL,
	timezone	TEXT NOT NULL,
	capacity	INTEGER NOT NULL CHECK (capacity > 0),
	source		TEXT NOT NULL,		-- the sprint file, as given
	source_name	TEXT,			-- where it was read from
	announce_at	TEXT,			-- when the announcement goes out
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);

CREATE TABLE people (
	id		INTEGER PRIMARY KEY,
	email		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name		TEXT,
	created_at	TEXT NOT NULL
);

-- Every message read from the mailbox, raw, with its classification.
CREATE TABLE messages (
	id		INTEGER PRIMARY KEY,
	mailbox		TEXT NOT NULL,
	uidvalidity	INTEGER NOT NULL,
	uid		INTEGER NOT NULL,
	message_id	TEXT,			-- the Message-ID header
	sender		TEXT,
	subject		TEXT,
	sprint_id	INTEGER REFERENCES sprints(id) ON DELETE SET NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('registration',
			    'cancellation', 'evaluation', 'invalid',
			    'unrelated', 'auto', 'duplicate', 'toolarge')),
	result		TEXT,			-- the parse JSON
	raw		BLOB NOT NULL,
	size		INTEGER NOT NULL,
	received_at	TEXT NOT NULL,
	UNIQUE (mailbox, uidvalidity, uid)
);
CREATE INDEX messages_message_id ON messages(message_id);
CREATE INDEX messages_sprint ON messages(sprint_id, kind);

CREATE TABLE registrations (
	id		INTEGER PRIMARY KEY,
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id) ON DELETE CASCADE,
	person_id	INTEGER NOT NULL REFERENCES people(id),
	status		TEXT NOT NULL CHECK (status IN ('registered',
			    'waiting', 'cancelled')),
	name		TEXT NOT NULL,
	arrive		TEXT,			-- NULL: not known yet ("?")
	depart		TEXT,
	local		INTEGER NOT NULL DEFAULT 0,
	accommodation	TEXT,
	newcomer	INTEGER,		-- NULL: not said
	funding		INTEGER,
	diet		TEXT,
	notes		TEXT,
	message_id	INTEGER REFERENCES messages(id),
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	UNIQUE (sprint_id, person_id)
);

-- Every state a registration went through, newest last.
CREATE TABLE registration_history (
	id		INTEGER PRIMARY KEY,
	registration_id	INTEGER NOT NULL REFERENCES registrations(id)
			    ON DELETE CASCADE,
	message_id	INTEGER REFERENCES messages(id),
	status		TEXT NOT NULL,
	name		TEXT,
	arrive		TEXT,
	depart		TEXT,
	local		INTEGER,
	accommodation	TEXT,
	newcomer	INTEGER,
	funding		INTEGER,
	diet		TEXT,
	notes		TEXT,
	changed_at	TEXT NOT NULL
);

-- IMAP sync state per mailbox.
CREATE TABLE mailboxes (
	name		TEXT PRIMARY KEY,
	uidvalidity	INTEGER NOT NULL,
	last_uid	INTEGER NOT NULL DEFAULT 0,
	synced_at	TEXT
);

-- Every outgoing mail, complete, before anything is sent.
CREATE TABLE outbox (
	id		INTEGER PRIMARY KEY,
	message_id	TEXT NOT NULL UNIQUE,	-- the Message-ID it carries
	kind		TEXT NOT NULL,		-- confirm, error, cancel, announce,
						-- remind, evaluate, evaluate-remind
	sprint_id	INTEGER REFERENCES sprints(id) ON DELETE SET NULL,
	reply_to	INTEGER REFERENCES messages(id),
	recipient	TEXT NOT NULL,
	subject		TEXT,
	data		BLOB NOT NULL,		-- the whole message, CRLF
	status		TEXT NOT NULL DEFAULT 'queued' CHECK (status IN
			    ('queued', 'sent', 'failed', 'suppressed')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_attempt	TEXT NOT NULL,
	last_code	INTEGER,
	last_error	TEXT,
	created_at	TEXT NOT NULL,
	sent_at		TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt);
CREATE INDEX outbox_recipient ON outbox(recipient, created_at);

-- Scheduled work per sprint: announce, remind, evaluate, evaluate-remind.
CREATE TABLE jobs (
	id		INTEGER PRIMARY KEY,
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id) ON DELETE CASCADE,
	kind		TEXT NOT NULL,
	due_at		TEXT NOT NULL,
	done_at		TEXT,
	UNIQUE (sprint_id, kind)
);

CREATE TABLE evaluation_answers (
	id		INTEGER PRIMARY KEY,
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id) ON DELETE CASCADE,
	person_id	INTEGER NOT NULL REFERENCES people(id),
	question_id	TEXT NOT NULL,
	rating		INTEGER CHECK (rating BETWEEN 1 AND 5),
	answer		TEXT,
	message_id	INTEGER REFERENCES messages(id),
	answered_at	TEXT NOT NULL,
	UNIQUE (sprint_id, person_id, question_id)
);
