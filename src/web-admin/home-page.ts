// The public landing page: what is running, how much data is loaded, and the way in to the
// admin pages. Signed-in people are sent straight to their first section instead.
import { html, page } from './html.js';

export interface HomeFacts {
  schools: number;
  staff: number;
  plans: number;
  channels: { telegram: boolean; zalo: boolean };
}

export function renderHome(f: HomeFacts): string {
  const channel = (on: boolean, name: string) =>
    html`<li>${name}: ${on ? html`<strong>đang bật</strong>` : 'đang tắt (chưa cấu hình mã bot)'}</li>`;
  return page('Trang chính', html`<h1>Trợ lý hồ sơ chuyên môn</h1>
<div class="card"><p>Hệ thống đang chạy.</p>
<dl class="facts"><dt>Số trường</dt><dd>${f.schools}</dd><dt>Số cán bộ, giáo viên</dt><dd>${f.staff}</dd><dt>Số hồ sơ</dt><dd>${f.plans}</dd></dl></div>
<div class="card"><h2>Kênh trò chuyện</h2><ul>${channel(f.channels.telegram, 'Telegram')}${channel(f.channels.zalo, 'Zalo')}</ul>
<p class="hint">Giáo viên nộp hồ sơ qua bot Telegram hoặc Zalo của Sở.</p></div>
<a class="button" href="/login">Đăng nhập trang quản trị</a>
<p class="hint"><a href="/health">Tình trạng hệ thống (JSON)</a></p>`);
}
