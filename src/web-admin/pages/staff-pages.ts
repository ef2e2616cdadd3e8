import express, { type Router } from 'express';
import type { AdminDeps } from '../admin-deps.js';

export function staffRouter(_deps: AdminDeps): Router {
  const router = express.Router();
  return router;
}
