-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 007: the evaluation, answers apart from names.
--
-- Who has answered (for the one reminder and the response rate) and what
-- was answered live in two tables with nothing that joins them: an answer
-- row has no person, no message, no time and a random id (so that its
-- order says nothing about arrival). Until the evaluation closes, the
-- answers of one person share answer_set, a salted SHA-256 of the sprint
-- and the address, so that a second reply replaces the first; at the close
-- the salt is deleted and every answer_set set to NULL.

-- One row per sprint whose evaluation has begun.
CREATE TABLE evaluations (
	sprint_id	INTEGER PRIMARY KEY REFERENCES sprints(id)
			    ON DELETE CASCADE,
	salt		BLOB,		-- 32 random bytes; NULL once closed
	closed_on	TEXT		-- YYYY-MM-DD it closed; NULL while open
);

-- Who answered: no time, no message, no answer. WITHOUT ROWID so that the
-- storage order is the person's, not the order of arrival.
CREATE TABLE evaluation_respondents (
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id)
			    ON DELETE CASCADE,
	person_id	INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (sprint_id, person_id)
) WITHOUT ROWID;

CREATE TABLE evaluation_answers_new (
	id		INTEGER PRIMARY KEY,	-- random, not in arrival order
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id)
			    ON DELETE CASCADE,
	answer_set	TEXT,		-- salted hash while open, then NULL
	question_id	TEXT NOT NULL,
	rating		INTEGER CHECK (rating BETWEEN 1 AND 5),
	answer		TEXT
);

-- Answers stored before this version: who gave them is kept as a
-- respondent, the answers without their link (they can no longer be
-- replaced by a second reply).
INSERT OR IGNORE INTO evaluation_respondents (sprint_id, person_id)
    SELECT DISTINCT sprint_id, person_id FROM evaluation_answers
    WHERE rating IS NOT NULL OR coalesce(answer, '') != '';
INSERT INTO evaluation_answers_new (id, sprint_id, answer_set, question_id,
    rating, answer)
    SELECT abs(random() % 9007199254740991) + 1, sprint_id, NULL,
    question_id, rating, answer FROM evaluation_answers
    WHERE rating IS NOT NULL OR coalesce(answer, '') != ''
    ORDER BY random();
DROP TABLE evaluation_answers;
ALTER TABLE evaluation_answers_new RENAME TO evaluation_answers;
CREATE INDEX evaluation_answers_sprint ON evaluation_answers(sprint_id,
    question_id);
CREATE UNIQUE INDEX evaluation_answers_set ON evaluation_answers(sprint_id,
    answer_set, question_id) WHERE answer_set IS NOT NULL;

-- The raw mail of an evaluation is kept only until its answers are
-- stored: from then on the row says that an evaluation arrived, nothing
-- of what it said.
UPDATE messages SET raw = X'', size = 0,
    result = CASE WHEN json_valid(result) THEN json_remove(result,
    '$.answers') END
    WHERE kind = 'evaluation';
