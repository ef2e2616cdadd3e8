// Builds (or finds) the cached city of bench/city-records.ts without measuring anything.
// Run: npx tsx bench/build-city-records.ts
import { cityRecords } from './city-records.js';

const city = cityRecords(new Date());
console.log(city.cached ? `cached: ${city.dbFile}` : `built in ${city.buildSeconds.toFixed(0)} s: ${city.dbFile}`);
