-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 004: what the trust work records.
-- A registration's dates may be tentative ("6th-17th?", "maybe"); a name
-- once given in a Name: field is never replaced by a From header again.
ALTER TABLE registrations ADD COLUMN tentative INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registrations ADD COLUMN name_given INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registration_history ADD COLUMN tentative INTEGER;
-- Who made a change: 'mail' (the person) or 'organizer' (sprintctl).
ALTER TABLE registration_history ADD COLUMN changed_by TEXT NOT NULL
    DEFAULT 'mail';
-- A job that no longer makes sense when it falls due (a reminder after
-- the start) is skipped, not run late; the reason stays in last_error.
ALTER TABLE jobs ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
-- The daemon's own health, per server ('imap', 'smtp'), for status.
CREATE TABLE server_status (
	server		TEXT PRIMARY KEY,
	last_ok		TEXT,		-- last successful sync or send
	last_error	TEXT,
	last_error_at	TEXT,
	permanent	INTEGER NOT NULL DEFAULT 0	-- needs a config change
);
-- One reply per address per sprint to a registration written in prose.
CREATE TABLE prose_replies (
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id) ON DELETE CASCADE,
	email		TEXT NOT NULL COLLATE NOCASE,
	message_id	INTEGER REFERENCES messages(id),
	PRIMARY KEY (sprint_id, email)
);
