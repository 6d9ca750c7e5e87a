/** The import baseline: the CSV read with csv-parse, every row inserted raw in one transaction (no validation). */
export function rawImport(csvFile: string, dbFile: string): Promise<void>;
