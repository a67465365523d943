-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 016: sync meetings between sprints (sync.c): the meeting series from
-- their sync files, each meeting with its moderator, the topics and
-- activity reports sent for it, the mail sprintd sent about it (its
-- threads are how replies are recognized) and its jobs.

CREATE TABLE sync_series (
	id		INTEGER PRIMARY KEY,
	slug		TEXT NOT NULL UNIQUE,
	source		TEXT NOT NULL,		-- the sync file's YAML
	first_day	TEXT NOT NULL,		-- the first meeting's day
	added_at	TEXT NOT NULL
);

-- One meeting; moderator indexes the file's moderators (modulo their
-- count, should the file change).
CREATE TABLE sync_meetings (
	id		INTEGER PRIMARY KEY,
	series_id	INTEGER NOT NULL REFERENCES sync_series(id)
			    ON DELETE CASCADE,
	day		TEXT NOT NULL,		-- local day, YYYY-MM-DD
	starts_at	TEXT NOT NULL,		-- UTC
	moderator	INTEGER NOT NULL,
	UNIQUE (series_id, day)
);

-- Days on which a meeting does not take place (sprintctl sync skip).
CREATE TABLE sync_skips (
	series_id	INTEGER NOT NULL REFERENCES sync_series(id)
			    ON DELETE CASCADE,
	day		TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	PRIMARY KEY (series_id, day)
) WITHOUT ROWID;

-- The Message-IDs of the mail sprintd sent about a meeting (invitation,
-- confirmation, digest, cancellation, minutes).
CREATE TABLE sync_mails (
	message_id	TEXT PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES sync_meetings(id)
			    ON DELETE CASCADE,
	kind		TEXT NOT NULL,
	email		TEXT COLLATE NOCASE	-- a personal mail's recipient
) WITHOUT ROWID;

CREATE TABLE sync_topics (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES sync_meetings(id)
			    ON DELETE CASCADE,
	email		TEXT NOT NULL COLLATE NOCASE,
	name		TEXT NOT NULL,
	text		TEXT NOT NULL,
	message_id	INTEGER REFERENCES messages(id),
	created_at	TEXT NOT NULL
);
CREATE INDEX sync_topics_meeting ON sync_topics(meeting_id, id);

-- Activity reports: one 'current' per person and meeting; a later one
-- that proves its sender makes the earlier 'replaced'; one that does not
-- is 'held' (kept, never applied).
CREATE TABLE sync_reports (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES sync_meetings(id)
			    ON DELETE CASCADE,
	email		TEXT NOT NULL COLLATE NOCASE,
	name		TEXT NOT NULL,
	last		TEXT,
	next		TEXT,
	blockers	TEXT,
	message_id	INTEGER REFERENCES messages(id),
	state		TEXT NOT NULL CHECK (state IN ('current', 'replaced',
			    'held')),
	created_at	TEXT NOT NULL
);
CREATE INDEX sync_reports_meeting ON sync_reports(meeting_id, state, email);

-- One private confirmation per person and meeting.
CREATE TABLE sync_confirmed (
	meeting_id	INTEGER NOT NULL REFERENCES sync_meetings(id)
			    ON DELETE CASCADE,
	email		TEXT NOT NULL COLLATE NOCASE,
	PRIMARY KEY (meeting_id, email)
) WITHOUT ROWID;

-- The jobs of a meeting, run by the scheduler (schedule.c's kinds
-- sync-invite, sync-digest, sync-cancel) with the same late-job rule.
CREATE TABLE sync_jobs (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES sync_meetings(id)
			    ON DELETE CASCADE,
	kind		TEXT NOT NULL,
	due_at		TEXT NOT NULL,
	done_at		TEXT,
	skipped		INTEGER NOT NULL DEFAULT 0,
	attempts	INTEGER NOT NULL DEFAULT 0,
	last_error	TEXT,
	UNIQUE (meeting_id, kind)
);
CREATE INDEX sync_jobs_due ON sync_jobs(done_at, due_at);

-- The IRC log that sprintctl sync minutes --log --send gave, kept for the
-- daemon, which composes the minutes' mail from the store and it.
CREATE TABLE sync_logs (
	meeting_id	INTEGER PRIMARY KEY REFERENCES sync_meetings(id)
			    ON DELETE CASCADE,
	log		TEXT NOT NULL,
	created_at	TEXT NOT NULL
);
