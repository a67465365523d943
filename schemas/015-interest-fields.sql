-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 015: the pre-announcement (candidate dates, who is interested in which,
-- the one note each when the dates are fixed) and the sprint's own
-- registration fields.

-- A sprint file's options:, numbered from 1 as the pre-announcement
-- numbers them; kept when a later file fixes the dates without them.
CREATE TABLE interest_options (
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id) ON DELETE CASCADE,
	number		INTEGER NOT NULL CHECK (number BETWEEN 1 AND 4),
	start_date	TEXT NOT NULL,
	end_date	TEXT NOT NULL,
	PRIMARY KEY (sprint_id, number)
);
-- One answer per address and sprint: a later one replaces it.
CREATE TABLE interest_answers (
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id) ON DELETE CASCADE,
	email		TEXT NOT NULL COLLATE NOCASE,
	name		TEXT,
	interested	TEXT CHECK (interested IN ('yes', 'maybe', 'no')),
	topics		TEXT,
	message_id	INTEGER REFERENCES messages(id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	PRIMARY KEY (sprint_id, email)
);
-- The answer per option ("Dates: 1 yes, 2 no"), where one was given.
CREATE TABLE interest_dates (
	sprint_id	INTEGER NOT NULL,
	email		TEXT NOT NULL COLLATE NOCASE,
	number		INTEGER NOT NULL,
	answer		TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
	PRIMARY KEY (sprint_id, email, number),
	FOREIGN KEY (sprint_id, email) REFERENCES
	    interest_answers(sprint_id, email) ON DELETE CASCADE
);
-- The note with the fixed dates: once per address and sprint, ever.
CREATE TABLE interest_notes (
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id) ON DELETE CASCADE,
	email		TEXT NOT NULL COLLATE NOCASE,
	created_at	TEXT NOT NULL,
	PRIMARY KEY (sprint_id, email)
);

-- The values of a sprint's own fields (fields: in its file), by the
-- field's id.
CREATE TABLE registration_fields (
	registration_id	INTEGER NOT NULL REFERENCES registrations(id)
			    ON DELETE CASCADE,
	field		TEXT NOT NULL,
	value		TEXT NOT NULL,
	PRIMARY KEY (registration_id, field)
) WITHOUT ROWID;
