-- Full-text (trigram) index over prisoners.search_text for substring search by name, number, CRN or PNC.
-- External content: the index reads prisoners by rowid; these triggers keep it in step. A migration that
-- rebuilds the prisoners table must recreate the triggers and end with the 'rebuild' below.
CREATE VIRTUAL TABLE prisoner_search USING fts5(search_text, content='prisoners', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER prisoners_search_ai AFTER INSERT ON prisoners BEGIN
  INSERT INTO prisoner_search(rowid, search_text) VALUES (new.rowid, new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER prisoners_search_ad AFTER DELETE ON prisoners BEGIN
  INSERT INTO prisoner_search(prisoner_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER prisoners_search_au AFTER UPDATE OF prisoner_number, surname, forenames, crn, pnc ON prisoners BEGIN
  INSERT INTO prisoner_search(prisoner_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
  INSERT INTO prisoner_search(rowid, search_text) VALUES (new.rowid, new.search_text);
END;
--> statement-breakpoint
INSERT INTO prisoner_search(prisoner_search) VALUES ('rebuild');
