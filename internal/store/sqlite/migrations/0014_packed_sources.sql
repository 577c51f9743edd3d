-- Sources written from now on keep raw, layer, clean and offsets
-- zstd-compressed (see pack.go); earlier rows stay as they are.
ALTER TABLE sources ADD COLUMN packed INTEGER NOT NULL DEFAULT 0;
