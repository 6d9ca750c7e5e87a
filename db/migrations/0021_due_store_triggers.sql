-- The stored due list (db/schema/due.ts) is worked out again for a prisoner once any fact it reads changes: each
-- table a due provider reads (electron/domain/due/providers.ts) deletes his due_prisoners row, in the same transaction
-- as the change, whoever makes it (a command, an import, the demo loader, another process). tests/integration/due-store.test.ts
-- checks that every table the providers declare has its three triggers.
CREATE TRIGGER due_items_follow AFTER DELETE ON due_prisoners BEGIN DELETE FROM due_items WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_prisoners_ins AFTER INSERT ON prisoners BEGIN DELETE FROM due_prisoners WHERE prisoner_id = new.id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_prisoners_upd AFTER UPDATE ON prisoners BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (old.id, new.id); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_prisoners_del AFTER DELETE ON prisoners BEGIN DELETE FROM due_prisoners WHERE prisoner_id = old.id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_oasys_assessments_ins AFTER INSERT ON oasys_assessments BEGIN DELETE FROM due_prisoners WHERE prisoner_id = new.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_oasys_assessments_upd AFTER UPDATE ON oasys_assessments BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (old.prisoner_id, new.prisoner_id); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_oasys_assessments_del AFTER DELETE ON oasys_assessments BEGIN DELETE FROM due_prisoners WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_significant_events_ins AFTER INSERT ON significant_events BEGIN DELETE FROM due_prisoners WHERE prisoner_id = new.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_significant_events_upd AFTER UPDATE ON significant_events BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (old.prisoner_id, new.prisoner_id); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_significant_events_del AFTER DELETE ON significant_events BEGIN DELETE FROM due_prisoners WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_public_protection_statuses_ins AFTER INSERT ON public_protection_statuses BEGIN DELETE FROM due_prisoners WHERE prisoner_id = new.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_public_protection_statuses_upd AFTER UPDATE ON public_protection_statuses BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (old.prisoner_id, new.prisoner_id); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_public_protection_statuses_del AFTER DELETE ON public_protection_statuses BEGIN DELETE FROM due_prisoners WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_monitoring_authorisations_ins AFTER INSERT ON monitoring_authorisations BEGIN DELETE FROM due_prisoners WHERE prisoner_id = new.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_monitoring_authorisations_upd AFTER UPDATE ON monitoring_authorisations BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (old.prisoner_id, new.prisoner_id); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_monitoring_authorisations_del AFTER DELETE ON monitoring_authorisations BEGIN DELETE FROM due_prisoners WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_monitoring_decisions_ins AFTER INSERT ON monitoring_decisions BEGIN DELETE FROM due_prisoners WHERE prisoner_id = new.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_monitoring_decisions_upd AFTER UPDATE ON monitoring_decisions BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (old.prisoner_id, new.prisoner_id); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_monitoring_decisions_del AFTER DELETE ON monitoring_decisions BEGIN DELETE FROM due_prisoners WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_child_contact_applications_ins AFTER INSERT ON child_contact_applications BEGIN DELETE FROM due_prisoners WHERE prisoner_id = new.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_child_contact_applications_upd AFTER UPDATE ON child_contact_applications BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (old.prisoner_id, new.prisoner_id); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_child_contact_applications_del AFTER DELETE ON child_contact_applications BEGIN DELETE FROM due_prisoners WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_irmt_actions_ins AFTER INSERT ON irmt_actions BEGIN DELETE FROM due_prisoners WHERE prisoner_id = new.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_irmt_actions_upd AFTER UPDATE ON irmt_actions BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (old.prisoner_id, new.prisoner_id); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_irmt_actions_del AFTER DELETE ON irmt_actions BEGIN DELETE FROM due_prisoners WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_categorisation_reviews_ins AFTER INSERT ON categorisation_reviews BEGIN DELETE FROM due_prisoners WHERE prisoner_id = new.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_categorisation_reviews_upd AFTER UPDATE ON categorisation_reviews BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (old.prisoner_id, new.prisoner_id); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_categorisation_reviews_del AFTER DELETE ON categorisation_reviews BEGIN DELETE FROM due_prisoners WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_release_plans_ins AFTER INSERT ON release_plans BEGIN DELETE FROM due_prisoners WHERE prisoner_id = new.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_release_plans_upd AFTER UPDATE ON release_plans BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (old.prisoner_id, new.prisoner_id); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_release_plans_del AFTER DELETE ON release_plans BEGIN DELETE FROM due_prisoners WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_release_plan_items_ins AFTER INSERT ON release_plan_items BEGIN DELETE FROM due_prisoners WHERE prisoner_id = new.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_release_plan_items_upd AFTER UPDATE ON release_plan_items BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (old.prisoner_id, new.prisoner_id); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_release_plan_items_del AFTER DELETE ON release_plan_items BEGIN DELETE FROM due_prisoners WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
CREATE TRIGGER due_stale_monitoring_reviews_ins AFTER INSERT ON monitoring_reviews BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (SELECT prisoner_id FROM monitoring_authorisations WHERE id IN (new.authorisation_id)); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_monitoring_reviews_upd AFTER UPDATE ON monitoring_reviews BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (SELECT prisoner_id FROM monitoring_authorisations WHERE id IN (old.authorisation_id, new.authorisation_id)); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_monitoring_reviews_del AFTER DELETE ON monitoring_reviews BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (SELECT prisoner_id FROM monitoring_authorisations WHERE id IN (old.authorisation_id)); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_irmt_meetings_ins AFTER INSERT ON irmt_meetings BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (SELECT prisoner_id FROM irmt_actions WHERE meeting_id IN (new.id)); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_irmt_meetings_upd AFTER UPDATE ON irmt_meetings BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (SELECT prisoner_id FROM irmt_actions WHERE meeting_id IN (old.id, new.id)); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_irmt_meetings_del AFTER DELETE ON irmt_meetings BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (SELECT prisoner_id FROM irmt_actions WHERE meeting_id IN (old.id)); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_staff_ins AFTER INSERT ON staff BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (SELECT id FROM prisoners WHERE pom_id IN (new.id) UNION SELECT prisoner_id FROM irmt_actions WHERE completed_on IS NULL); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_staff_upd AFTER UPDATE OF id, name, roles ON staff BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (SELECT id FROM prisoners WHERE pom_id IN (old.id, new.id) UNION SELECT prisoner_id FROM irmt_actions WHERE completed_on IS NULL); END;
--> statement-breakpoint
CREATE TRIGGER due_stale_staff_del AFTER DELETE ON staff BEGIN DELETE FROM due_prisoners WHERE prisoner_id IN (SELECT id FROM prisoners WHERE pom_id IN (old.id) UNION SELECT prisoner_id FROM irmt_actions WHERE completed_on IS NULL); END;
