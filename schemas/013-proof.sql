-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 013: who may act. A message that would change, cancel, opt out or
-- answer for an existing person and does not prove its sender is held
-- until the recorded address confirms it; first contacts are counted per
-- sprint and hour; per-address caps fold plus tags.

-- How a message proved its sender ('reply', 'auth', 'confirmed'), or
-- NULL; why it was read as it was, when the reading is not the parser's
-- own (old mail, another sprint, a held request); the IMAP INTERNALDATE.
ALTER TABLE messages ADD COLUMN proof TEXT;
ALTER TABLE messages ADD COLUMN note TEXT;
ALTER TABLE messages ADD COLUMN internal_date TEXT;

-- A request held for confirmation by the recorded address.
CREATE TABLE held_requests (
	id		INTEGER PRIMARY KEY,
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id)
			    ON DELETE CASCADE,
	message_id	INTEGER NOT NULL REFERENCES messages(id),
	email		TEXT NOT NULL COLLATE NOCASE,
	what		TEXT NOT NULL CHECK (what IN ('update', 'cancel',
			    'optout', 'evaluation')),
	request_mid	TEXT,		-- Message-ID of the mail asking
	state		TEXT NOT NULL DEFAULT 'held' CHECK (state IN ('held',
			    'applied', 'expired', 'superseded')),
	created_at	TEXT NOT NULL,
	decided_at	TEXT
);
CREATE INDEX held_requests_open ON held_requests(sprint_id, state, email);
CREATE INDEX held_requests_mid ON held_requests(request_mid);

-- Message-IDs of personal mail that a message through the list has
-- quoted: public now, they prove nothing any more.
CREATE TABLE proof_public (
	message_id	TEXT PRIMARY KEY,
	by_message	INTEGER NOT NULL	-- messages.id that quoted it
) WITHOUT ROWID;

-- First registrations past first_contact_per_hour wait here, in arrival
-- order, until their confirmation may go.
CREATE TABLE first_contact_waiting (
	message_id	INTEGER PRIMARY KEY REFERENCES messages(id)
			    ON DELETE CASCADE,
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id)
			    ON DELETE CASCADE,
	created_at	TEXT NOT NULL
);

-- The address as caps count it: lower case, without a +tag.
ALTER TABLE outbox ADD COLUMN recipient_key TEXT;
UPDATE outbox SET recipient_key = lower(CASE
    WHEN instr(recipient, '@') > 0 AND
        instr(substr(recipient, 1, instr(recipient, '@')), '+') > 0
    THEN substr(recipient, 1, instr(recipient, '+') - 1) ||
        substr(recipient, instr(recipient, '@'))
    ELSE recipient END);
CREATE INDEX outbox_recipient_key ON outbox(recipient_key, created_at);
-- A mail to an address that never proved itself (first_contact_per_hour).
ALTER TABLE outbox ADD COLUMN first_contact INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_first_contact ON outbox(sprint_id, created_at)
    WHERE first_contact = 1;
CREATE INDEX registration_history_reg ON registration_history(registration_id, id);
