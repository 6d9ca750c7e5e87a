-- due_items_count_idx (0024, widened in 0028) served the counts read from due_items; since 0026 they are read from the
-- counts tables, the released prisoners' items through due_items_released_idx, and no statement of the due service
-- plans through it any more (EXPLAIN QUERY PLAN of every statement reading due_items: tests/integration/due-store,
-- due-read, due-status, role-matrix, printed-figures, released, due-service). Each item row written or deleted paid
-- for its 8 columns.
DROP INDEX `due_items_count_idx`;
