// The landing page a new user sees after `npm run quickstart`: what is running and how much
// data is loaded. The admin pages proper come with the web-admin issue.

export interface HomeFacts {
  schools: number;
  staff: number;
  plans: number;
  channels: { telegram: boolean; zalo: boolean };
}

export function renderHome(f: HomeFacts): string {
  const channel = (on: boolean, name: string) =>
    `<li>${name}: ${on ? '<strong>đang bật</strong>' : 'đang tắt (chưa cấu hình mã bot)'}</li>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trợ lý hồ sơ chuyên môn</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1f2933}
h1{font-size:1.5rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{color:#52606d}</style></head>
<body><h1>Trợ lý hồ sơ chuyên môn</h1>
<p>Hệ thống đang chạy.</p>
<dl><dt>Số trường</dt><dd>${f.schools}</dd><dt>Số cán bộ, giáo viên</dt><dd>${f.staff}</dd><dt>Số hồ sơ</dt><dd>${f.plans}</dd></dl>
<h2>Kênh trò chuyện</h2><ul>${channel(f.channels.telegram, 'Telegram')}${channel(f.channels.zalo, 'Zalo')}</ul>
<p><a href="/health">Tình trạng hệ thống (JSON)</a></p>
</body></html>`;
}
