-- A grant's slices settle together, with the grant: the record that acknowledged or refused it,
-- how, and in which block are its grant_settlement row (found by grant_id), which the mirror keeps
-- anyway. Copied onto every slice, they cost an update per slice (a grant of many gifts has many)
-- for a fact held once already; readers join the settlement instead.
DROP INDEX "slice_settled_block_idx";
ALTER TABLE "slice" DROP COLUMN "settled_by", DROP COLUMN "settled_how", DROP COLUMN "settled_block";
-- Slices are only ever appended now: no room is kept on their pages for updates.
ALTER TABLE "slice" SET (fillfactor = 100);
