import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      DATABASE_URL: 'file:./var/hscm.db',
      STORAGE_DIR: './var/files',
      PORT: 3000,
      PUBLIC_URL: 'http://localhost:3000',
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
    });
    // Unset means: start a local Redis; no Telegram, no Zalo.
    expect([config.REDIS_URL, config.TELEGRAM_BOT_TOKEN, config.ZALO_BOT_TOKEN]).toEqual([undefined, undefined, undefined]);
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    const config = loadConfig({ REDIS_URL: '', TELEGRAM_BOT_TOKEN: '  ', PUBLIC_URL: '', PORT: '8080' });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.PUBLIC_URL).toBe('http://localhost:8080');
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'abc', REDIS_URL: 'not a url', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', REDIS_URL: 'not a url', LOG_LEVEL: 'loud' });
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('REDIS_URL');
      expect(message).toContain('LOG_LEVEL');
    }
  });

  it('object store: S3_BUCKET unset means the local directory; set, credentials come as a pair, and an endpoint needs them', () => {
    expect(loadConfig({}).S3_BUCKET).toBeUndefined();
    const minio = loadConfig({ S3_BUCKET: 'hscm-files', S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' });
    expect([minio.S3_REGION, minio.S3_FORCE_PATH_STYLE, minio.S3_PREFIX]).toEqual(['us-east-1', undefined, undefined]);
    expect(loadConfig({ S3_BUCKET: 'hscm-files' }).S3_ACCESS_KEY_ID).toBeUndefined(); // AWS: the default credential chain
    expect(loadConfig({ S3_BUCKET: 'hscm-files', S3_FORCE_PATH_STYLE: 'false' }).S3_FORCE_PATH_STYLE).toBe(false);
    expect(() => loadConfig({ S3_BUCKET: 'hscm-files', S3_ACCESS_KEY_ID: 'k' })).toThrow(/set both or neither/);
    expect(() => loadConfig({ S3_BUCKET: 'hscm-files', S3_ENDPOINT: 'http://minio:9000' })).toThrow(/required with S3_ENDPOINT/);
    expect(() => loadConfig({ S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ S3_BUCKET: 'hscm-files', S3_PREFIX: 'a b' })).toThrow(/S3_PREFIX/);
  });
});
