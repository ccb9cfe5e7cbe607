/**
 * Security headers with @fastify/helmet (issue 3 §7; OWASP Secure Headers Project, ASVS V14.4).
 * The Content-Security-Policy fits the built web UI: scripts only from our origin; styles from our
 * origin plus inline (antd's CSS-in-JS injects <style> elements at run time); images from our origin
 * and data: URLs (the TOTP QR code); no framing (`frame-ancestors 'none'`, X-Frame-Options DENY);
 * no plugins. HSTS only on requests that arrived over https (plain http on a LAN must keep working).
 */
import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    hsts: false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}
