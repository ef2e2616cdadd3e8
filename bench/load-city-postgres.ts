// Loads the cached city into PostgreSQL without measuring anything (records-postgres does it
// too when needed). Run: npx tsx bench/load-city-postgres.ts
import { cityRecords } from './city-records.js';
import { dropRunDatabase, postgresCity } from './city-records-postgres.js';

const pg = await postgresCity(cityRecords(new Date()));
await dropRunDatabase(pg.database);
console.log(pg.cached ? 'already loaded' : `loaded in ${pg.loadSeconds.toFixed(0)} s`);
