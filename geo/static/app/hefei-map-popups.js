/*
 * Hefei plan maps: popups, tooltips and accessible names (MIT licence).
 *
 * The HTML of a plan feature's, a reference feature's and an existing line's
 * popup and tooltip, and the names assistive technology reads for them. The
 * properties shown are those geo/maps/_geojson.py carries into the page
 * (PROPERTIES, NETWORK_PROPERTIES); each goes through esc().
 */
(function (global) {
  'use strict';

  var HM = global.HefeiMap,
    esc = HM.esc, num = HM.num, bi = HM.bi, kindOf = HM.kindOf, statusOf = HM.statusOf,
    progressLabel = HM.progressLabel, precisionOf = HM.precisionOf, isSchematic = HM.isSchematic;

  function row(th, td) {
    return td ? '<tr><th scope="row">' + th + '</th><td>' + td + '</td></tr>' : '';
  }
  HM.row = row;

  function popupHtml(cfg, name, p) {
    var spec = cfg.style.layers[name], k = kindOf(cfg, name, p), s = statusOf(cfg, p);
    var pr = precisionOf(cfg, p);
    var schem = isSchematic(cfg, p), prog = progressLabel(cfg, p);
    var h = '<div class="hm-pop">';
    h += '<div class="hm-pop-layer">' + bi(spec.zh, spec.en) + '</div>';
    h += '<div class="hm-pop-name" lang="zh">' + esc(p.name_zh) + '</div>';
    h += '<div class="hm-pop-en">' + esc(p.name_en) + '</div><table>';
    h += row('类型 <span class="hm-en">Kind</span>', '<span class="hm-dot" style="background:' + k.colour + '"></span>' + bi(k.zh, k.en));
    h += row('状态 <span class="hm-en">Status (plan, 2020)</span>', bi(s.zh, s.en));
    h += row('进展 <span class="hm-en">Progress since</span>', bi(prog[0], prog[1]) +
      (p.progress_year ? ' (' + esc(p.progress_year) + ')' : '') +
      (p.progress_source ? '<div class="hm-src">' + esc(p.progress_source) + '</div>' : ''));
    h += row('建成线路 <span class="hm-en">Realised by</span>', esc(p.realised_by));
    h += row('目标年 <span class="hm-en">Target year</span>', esc(p.target_year));
    if (p.length_km !== undefined && p.length_km !== null) {
      h += row('长度 <span class="hm-en">Length</span>', num(p.length_km, 1) + ' km' +
        (p.length_in_hefei_km !== undefined && p.length_in_hefei_km !== null
          ? ' <span class="hm-sub">(合肥境内 <span class="hm-en">in Hefei</span> ' + num(p.length_in_hefei_km, 1) + ' km)</span>' : ''));
    }
    if (p.area_km2 !== undefined && p.area_km2 !== null) {
      h += row('面积 <span class="hm-en">Area</span>', num(p.area_km2, 1) + ' km²');
    }
    h += row('条款 <span class="hm-en">Clause</span>', '<span class="hm-clause">' + esc(p.clause) + '</span>');
    h += row('经由 <span class="hm-en">Via</span>', esc(p.via));
    h += row('改扩建 <span class="hm-en">Widens</span>', esc(p.replaces));
    h += '</table>';
    if (p.quote) { h += '<blockquote class="hm-quote" lang="zh">“' + esc(p.quote) + '”</blockquote>'; }
    h += '<div class="hm-prec">' + (schem ? '<span class="hm-badge">示意 schematic</span> ' : '') +
      '精度 <span class="hm-en">Precision</span>: ' + bi(pr.zh, pr.en) + '</div>';
    if (p.coord_source) {
      h += '<div class="hm-src">坐标来源 <span class="hm-en">Source</span>: ' + esc(p.coord_source) +
        (p.accuracy_m ? ' (±' + num(p.accuracy_m, 0) + ' m)' : '') + '</div>';
    }
    if (p.note) { h += '<div class="hm-note">' + esc(p.note) + '</div>'; }
    h += '<div class="hm-id">' + esc(p.id) + '</div></div>';
    return h;
  }
  HM.popupHtml = popupHtml;

  function tooltipHtml(cfg, name, p) {
    var k = kindOf(cfg, name, p), s = statusOf(cfg, p);
    return '<b>' + esc(p.name_zh) + '</b> ' + esc(p.name_en) + '<br><span class="hm-sub">' + esc(k.zh) + ' · ' +
      esc(s.zh) + ' ' + esc(s.en) + (isSchematic(cfg, p) ? ' · 示意 schematic' : '') + '</span>';
  }

  function accessibleName(cfg, name, p) {
    var k = kindOf(cfg, name, p), s = statusOf(cfg, p);
    return [p.name_zh, p.name_en, '—', k.en, s.en].filter(function (x) { return x; }).join(' ');
  }

  function refPopup(title, p, extra) {
    return '<div class="hm-pop"><div class="hm-pop-layer">' + title + '</div><div class="hm-pop-name">' +
      esc(p.name_zh) + '</div><div class="hm-pop-en">' + esc(p.name_en) + '</div><table>' + (extra || '') +
      '</table><div class="hm-prec">' + (p.precision === 'schematic' ? '<span class="hm-badge">示意 schematic</span> ' : '') +
      '精度 <span class="hm-en">Precision</span>: ' + esc(p.precision) + '</div><div class="hm-src">来源 <span class="hm-en">Source</span>: ' +
      esc(p.source) + '</div></div>';
  }

  // Name SVG paths and marker icons for assistive technology once they are in the page.
  function nameLayer(lyr, label) {
    lyr.on('add', function () {
      var el = lyr.getElement ? lyr.getElement() : lyr._icon;
      if (!el) { return; }
      el.setAttribute('aria-label', label);
      if (el.tagName.toLowerCase() === 'path') { el.setAttribute('role', 'img'); }
      else { el.setAttribute('title', label); }
    });
  }
  HM.nameLayer = nameLayer;

  function networkMode(cfg, p) {
    return cfg.network.modes[p.mode] || [p.mode, ''];
  }

  function networkLength(p) {
    if (p.length_km === undefined || p.length_km === null) { return ''; }
    return num(p.length_km, 1) + ' km' + (p.length_in_hefei_km !== undefined && p.length_in_hefei_km !== null
      ? ' <span class="hm-sub">(合肥境内 <span class="hm-en">in Hefei</span> ' + num(p.length_in_hefei_km, 1) + ' km)</span>' : '');
  }

  function networkPopup(cfg, p) {
    var m = networkMode(cfg, p), pr = cfg.network.precisions[p.precision] || [p.precision, '', false];
    var h = '<div class="hm-pop hm-pop-net"><div class="hm-pop-layer">现状路网 <span class="hm-en">Existing network (not in the plan)</span></div>';
    h += '<div class="hm-pop-name" lang="zh">' + esc(p.name_zh) + '</div><div class="hm-pop-en">' + esc(p.name_en) + '</div><table>';
    h += row('类型 <span class="hm-en">Mode</span>', bi(m[0], m[1]));
    h += row('编号 <span class="hm-en">Ref</span>', esc(p.ref));
    h += row('长度 <span class="hm-en">Length</span>', networkLength(p));
    h += row('通车 <span class="hm-en">Opened</span>', (p.opened ? esc(p.opened) : p.opened_by ? '≤ ' + esc(p.opened_by) +
      ' <span class="hm-en">(open by then)</span>' : '') +
      (p.opened_source ? '<div class="hm-src">' + esc(p.opened_source) + '</div>' : '') +
      (!p.opened && p.opened_by_source ? '<div class="hm-src">' + esc(p.opened_by_source) + '</div>' : ''));
    h += row('扩建 <span class="hm-en">Widened</span>', (p.widened ? esc(p.widened) : '') +
      (p.widened && p.widened_source ? '<div class="hm-src">' + esc(p.widened_source) + '</div>' : ''));
    h += row('经由 <span class="hm-en">Via</span>', esc(p.via));
    h += '</table><div class="hm-prec">' + (pr[2] ? '<span class="hm-badge">示意 schematic</span> ' : '') +
      '精度 <span class="hm-en">Precision</span>: ' + bi(pr[0], pr[1]) + '</div>';
    h += '<div class="hm-src">来源 <span class="hm-en">Source</span>: ' + esc(p.source) + '</div>';
    if (p.note) { h += '<div class="hm-note">' + esc(p.note) + '</div>'; }
    return h + '<div class="hm-id">' + esc(p.id) + '</div></div>';
  }
  HM.networkPopup = networkPopup;

  function networkTooltip(cfg, p) {
    var m = networkMode(cfg, p);
    return '<b>' + esc(p.name_zh) + '</b> ' + esc(p.name_en) + '<br><span class="hm-sub">' + esc(m[0]) + ' ' + esc(m[1]) +
      (p.ref ? ' · ' + esc(p.ref) : '') + (p.length_km !== undefined && p.length_km !== null ? ' · ' + num(p.length_km, 1) + ' km' : '') +
      (p.opened ? ' · ' + esc(p.opened) : '') + '</span>';
  }

  HM.tooltipHtml = tooltipHtml;
  HM.accessibleName = accessibleName;
  HM.refPopup = refPopup;
  HM.networkMode = networkMode;
  HM.networkTooltip = networkTooltip;
}(window));
