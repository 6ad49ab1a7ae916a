-- Lots and slices are written in block order, so a block range index (BRIN) finds a rollback's
-- "above block N" as well as a B-tree does, at a fraction of the cost of keeping it.
DROP INDEX "lot_block_number_idx";
CREATE INDEX "lot_block_number_idx" ON "lot" USING BRIN ("block_number");
DROP INDEX "slice_block_number_idx";
CREATE INDEX "slice_block_number_idx" ON "slice" USING BRIN ("block_number");
-- Grants settle soon after they are made, so settled blocks also follow the table's order. A BRIN
-- index does not stop Postgres (16 and later) from updating a settled slice in place (HOT), and
-- free room on each page lets it.
DROP INDEX "slice_settled_block_idx";
CREATE INDEX "slice_settled_block_idx" ON "slice" USING BRIN ("settled_block");
ALTER TABLE "slice" SET (fillfactor = 85);
-- A gift's lots are found through its slices (its own lot, and one per slice of it that a grant
-- carried and that arrived), and a rollback reads only the slices above its block: the lookup
-- indexes by origin on lot and by lot on slice would cost every write and serve no read.
DROP INDEX "lot_origin_idx";
DROP INDEX "slice_lot_idx";
