import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The installed package's root folder (where the shipped config/ lives), from src/ or from dist/. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHIPPED_CONFIG = path.join(PACKAGE_ROOT, 'config', 'default.yaml');
