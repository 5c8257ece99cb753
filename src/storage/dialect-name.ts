/** The SQL databases rolecall can store its data in. */
export type DialectName = 'sqlite' | 'postgres';
