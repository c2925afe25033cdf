/*
 * Hefei YRD-integration plan maps: the project's own Leaflet code (MIT licence).
 *
 * Core: styles, popups, the plan's features, the existing network and the
 * reference layers. The panels (hefei-map-panels.js), search and project list
 * (hefei-map-search.js), filters, timeline and permalinks (hefei-map-time.js)
 * and the density panel (hefei-map-density.js) add themselves to HefeiMap.
 *
 * geo/maps.py emits one style table (cfg.style) and one plain GeoJSON
 * FeatureCollection per layer; a feature's style is looked up by layer x kind x
 * status. Every value taken from the data goes through esc() before it reaches
 * innerHTML, or is set with textContent.
 */
(function (global) {
  'use strict';

  var L = global.L;
  var HM = { maps: [], modules: [] };
  var ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

  function esc(value) {
    if (value === null || value === undefined) { return ''; }
    return String(value).replace(/[&<>"']/g, function (c) { return ESC[c]; });
  }
  HM.esc = esc;

  function num(value, digits) {
    if (value === null || value === undefined || value === '' || !isFinite(value)) { return '–'; }
    return Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  HM.num = num;

  function bi(zh, en) {
    return esc(zh) + (en ? ' <span class="hm-en">' + esc(en) + '</span>' : '');
  }
  HM.bi = bi;

  HM.narrow = function () { return global.innerWidth < 800; };

  // Popups open in the popup pane, which HefeiMap moves above the panels (see panels).
  var POPUP = { maxWidth: 380, minWidth: 240, className: 'hm-popup', autoPan: true,
    autoPanPaddingTopLeft: [10, 10], autoPanPaddingBottomRight: [10, 10] };
  HM.POPUP = POPUP;

  var PANES = [['hm-ref', 350], ['hm-water', 355], ['hm-refline', 360], ['hm-network', 370], ['hm-poly', 380],
    ['hm-casing', 390], ['hm-lines', 420], ['hm-over', 430], ['hm-labels', 450], ['hm-measure', 640]];

  function makePanes(map) {
    PANES.forEach(function (p) {
      var pane = map.createPane(p[0]);
      pane.style.zIndex = p[1];
      if (p[0] === 'hm-labels' || p[0] === 'hm-measure' || p[0] === 'hm-over') { pane.style.pointerEvents = 'none'; }
    });
  }

  // ------------------------------------------------------------- styles

  function kindOf(cfg, name, p) {
    var layer = cfg.style.layers[name];
    return (layer && layer.kinds[p.kind]) || { zh: p.kind, en: '', colour: '#666666', glyph: 'dot' };
  }
  HM.kindOf = kindOf;

  function statusOf(cfg, p) {
    return cfg.style.statuses[p.status] || { zh: p.status, en: '', label: p.status, opacity: 1, dash: [], casing: false, fill: 'full', areaFill: 1 };
  }
  HM.statusOf = statusOf;

  function progressOf(p) { return p.progress || 'unknown'; }
  HM.progressOf = progressOf;

  function progressLabel(cfg, p) {
    var key = progressOf(p), lab = cfg.progress[key] || [key, ''];
    return [p.progress_zh || lab[0], p.progress_en || lab[1]];
  }
  HM.progressLabel = progressLabel;

  // A precision and its marking, as the spec says (geo.style: a schematic precision is never
  // marked 'none'); one the spec does not know is schematic, drawn with its schematic default.
  function precisionOf(cfg, p) {
    return cfg.style.precisions[p.precision] || L.extend({ zh: p.precision, en: '', schematic: true }, cfg.style.schematicDefault);
  }

  function isSchematic(cfg, p) {
    if (p.schematic !== undefined && p.schematic !== null) { return !!p.schematic; }
    return !!precisionOf(cfg, p).schematic;
  }
  HM.isSchematic = isSchematic;

  function symbolOf(cfg, name, p) {
    var k = kindOf(cfg, name, p);
    return (k.symbols && k.symbols[p.status]) || null;
  }

  // The strokes of one line or polygon outline, bottom first: [main, overlays...] (geo/maps/_symbols.py)
  function strokes(cfg, name, p) {
    var sym = symbolOf(cfg, name, p), k = kindOf(cfg, name, p);
    var list = sym && sym.strokes ? sym.strokes : [{ color: k.colour, weight: k.weight || 3, opacity: 1, dashArray: null, lineCap: 'butt' }];
    return list.map(function (st) { return L.extend({ lineJoin: 'round', fill: false }, st); });
  }

  function mainStyle(cfg, name, p) {
    var spec = cfg.style.layers[name], k = kindOf(cfg, name, p), s = statusOf(cfg, p);
    var st = strokes(cfg, name, p)[0];
    if (spec.geometry === 'Polygon') {
      // the spec's fill opacity per polygon layer (0: outline only, e.g. programme extents)
      // and the status' area fill factor (paler areas not yet under way), as in QGIS
      var fill = spec.fill * s.areaFill;
      return L.extend(st, { fill: true, fillColor: k.colour, fillOpacity: fill * s.opacity });
    }
    return st;
  }

  // The strokes of a feature's precision and progress markings, bottom first: the table
  // geo/maps/_symbols.py marks_table makes per line weight from geo.style.line_marks, the
  // primitives QGIS draws too. A null colour is the kind's; the status' opacity applies to
  // the whole symbol, as QGIS' symbol opacity does. A precision the page does not know is
  // drawn as the spec's [schematic_default] (key '').
  function markStrokes(cfg, name, p) {
    var k = kindOf(cfg, name, p), s = statusOf(cfg, p), t = cfg.style.marks[k.marks] || {};
    var pr = t.precision || {}, pg = t.progress || {};
    var known = cfg.style.precisions[p.precision];
    var list = (pr[p.precision] || (known ? [] : pr[''] || [])).map(function (st) { return [st, 'precision']; })
      .concat((pg[progressOf(p)] || []).map(function (st) { return [st, 'progress']; }));
    return list.map(function (x) {
      var st = x[0], cls = { halo: 'hm-casing', beads: 'hm-indicative' }[st.mark] ||
        'hm-progress hm-progress-' + progressOf(p);
      return { over: st.over, progress: x[1] === 'progress', style: {
        color: st.color || k.colour, weight: st.weight, opacity: st.opacity * s.opacity,
        dashArray: st.dashArray || null, lineCap: st.lineCap, lineJoin: 'round', fill: false,
        className: cls + ' hm-l-' + name } };
    });
  }

  function pinHtml(cfg, name, p) {
    var sym = symbolOf(cfg, name, p), m = precisionOf(cfg, p), halo = m.marking !== 'none';
    var svg = sym ? (halo ? sym.pinSchematic : sym.pin) : '';
    var badge = cfg.style.badges[progressOf(p)] || '';
    // the halo's opacity is the precision's (geo.style.point_marks), as in QGIS
    var css = halo && m.opacity !== undefined ? ' style="--hm-halo:' + (+m.opacity) + '"' : '';
    return '<span class="hm-pin"' + css + '>' + svg + (badge ? '<span class="hm-badge-pin">' + badge + '</span>' : '') + '</span>';
  }
  HM.pinHtml = pinHtml;

  function hitSize() { return HM.narrow() ? 44 : 32; }

  function pinIcon(cfg, name, p, offset) {
    var size = hitSize(), h = size / 2;
    return L.divIcon({
      className: 'hm-icon hm-f hm-l-' + name + ' hm-s-' + p.status,
      html: pinHtml(cfg, name, p),
      iconSize: [size, size], iconAnchor: [h - offset[0], h - offset[1]],
      popupAnchor: [offset[0], offset[1] - 12], tooltipAnchor: [offset[0] + 12, offset[1]]
    });
  }

  // ------------------------------------------------------------- popups

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

  // ------------------------------------------------------------- existing network

  function networkMode(cfg, p) {
    return cfg.network.modes[p.mode] || [p.mode, ''];
  }

  function networkStyle(cfg, p) {
    var R = cfg.reference;
    return L.extend({ lineCap: 'butt', lineJoin: 'round' }, R['network_' + p.mode] || R.network_road);
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

  // The railways and expressways open today, muted grey under the plan; railways get
  // a thin white dash over a dark grey line so that the two modes differ without colour.
  function makeNetwork(state, fc) {
    var cfg = state.cfg, R = cfg.reference, group = L.featureGroup();
    fc.features.forEach(function (f) {
      var p = f.properties, parts = [];
      var line = L.geoJSON(f, {
        pane: 'hm-network',
        style: function () { return L.extend(networkStyle(cfg, p), { className: 'hm-net hm-net-' + p.mode }); },
        onEachFeature: function (ff, lyr) {
          lyr.bindPopup(function () { return networkPopup(cfg, p); }, POPUP);
          lyr.bindTooltip(networkTooltip(cfg, p), { sticky: true, direction: 'top', className: 'hm-tip' });
          lyr.on('mouseover', function () { lyr.setStyle({ weight: networkStyle(cfg, p).weight + 1.5, opacity: 1 }); });
          lyr.on('mouseout', function () { lyr.setStyle(networkStyle(cfg, p)); });
          nameLayer(lyr, [p.name_zh, p.name_en, '— existing', p.mode].join(' '));
        }
      });
      parts.push(line);
      if (R['network_' + p.mode + '_dash']) {
        parts.push(L.geoJSON(f, { pane: 'hm-network', interactive: false,
          style: function () { return L.extend({ lineCap: 'butt', lineJoin: 'round', className: 'hm-net-dash' }, R['network_' + p.mode + '_dash']); } }));
      }
      var main = line.getLayers()[0];
      var entry = { id: p.id, zh: p.name_zh, en: p.name_en, layer: main, parts: parts, group: group, name: 'existing_network',
        props: p, network: true, where: '现状路网 existing network (' + networkMode(cfg, p)[1] + ')',
        extra: [p.ref, p.mode, networkMode(cfg, p)[0], networkMode(cfg, p)[1]] };
      HM.indexFeature(state, entry);
      parts.forEach(function (x) { group.addLayer(x); });
    });
    return group;
  }

  // ------------------------------------------------------------- plan layers

  HM.indexFeature = function (state, entry) {
    state.index.push(entry);
    if (entry.id !== undefined && entry.id !== null) { state.byId[String(entry.id)] = entry; }
  };

  // Markers at the same position are spread on a small circle so that none hides another.
  function spreadOffsets(data) {
    var groups = {}, out = {};
    Object.keys(data.layers).forEach(function (name) {
      data.layers[name].features.forEach(function (f) {
        if (f.geometry.type !== 'Point') { return; }
        var key = f.geometry.coordinates[0].toFixed(4) + ',' + f.geometry.coordinates[1].toFixed(4);
        (groups[key] = groups[key] || []).push(f.properties.id);
      });
    });
    var size = hitSize();
    Object.keys(groups).forEach(function (key) {
      var ids = groups[key], n = ids.length;
      if (n === 1) { out[ids[0]] = [0, 0]; return; }
      var r = Math.max(size / 2 + 2, (size + 4) / (2 * Math.sin(Math.PI / n)));
      ids.forEach(function (id, i) {
        var a = -Math.PI / 2 + 2 * Math.PI * i / n;
        out[id] = [Math.round(r * Math.cos(a)), Math.round(r * Math.sin(a))];
      });
    });
    return out;
  }

  function makeLayer(state, name, fc, offsets) {
    var cfg = state.cfg, spec = cfg.style.layers[name], group = L.featureGroup();
    var linePane = spec.geometry === 'Polygon' ? 'hm-poly' : 'hm-lines';
    fc.features.forEach(function (f) {
      var p = f.properties, parts = [], schem = isSchematic(cfg, p), main, builtPart = null;
      var label = accessibleName(cfg, name, p);
      var marks = spec.geometry === 'Point' ? [] : markStrokes(cfg, name, p);
      function markPart(m) {
        return L.geoJSON(f, { interactive: false, pane: m.over ? 'hm-over' : 'hm-casing',
          style: function () { return m.style; } });
      }
      marks.forEach(function (m) { if (!m.over) { parts.push(markPart(m)); } });
      var geo = L.geoJSON(f, {
        pane: linePane,
        style: function () { return L.extend(mainStyle(cfg, name, p), { className: 'hm-f hm-l-' + name + ' hm-s-' + p.status }); },
        pointToLayer: function (ff, latlng) {
          return L.marker(latlng, { icon: pinIcon(cfg, name, p, offsets[p.id] || [0, 0]), riseOnHover: true,
            title: label, alt: label, keyboard: true });
        },
        onEachFeature: function (ff, lyr) {
          main = lyr;
          lyr.bindPopup(function () { return popupHtml(cfg, name, p); }, POPUP);
          lyr.bindTooltip(tooltipHtml(cfg, name, p), { sticky: spec.geometry !== 'Point', direction: 'top', className: 'hm-tip' });
          if (lyr.setStyle) {
            var base = mainStyle(cfg, name, p).weight;
            lyr.on('mouseover', function () { lyr.setStyle({ weight: base + 2.5 }); });  // hover
            lyr.on('mouseout', function () { lyr.setStyle({ weight: base }); });
          }
          nameLayer(lyr, label);
        }
      });
      parts.push(geo);
      if (spec.geometry !== 'Point') {
        strokes(cfg, name, p).slice(1).forEach(function (st) {
          parts.push(L.geoJSON(f, { interactive: false, pane: 'hm-over', style: function () { return L.extend(st, { className: 'hm-over hm-l-' + name }); } }));
        });
        marks.forEach(function (m) {
          if (!m.over) { return; }
          var part = markPart(m);
          if (m.progress) { builtPart = part; }
          parts.push(part);
        });
      }
      var k = kindOf(cfg, name, p), s = statusOf(cfg, p), progL = progressLabel(cfg, p);
      var entry = { id: p.id, zh: p.name_zh, en: p.name_en, layer: main, parts: parts, group: group, name: name, props: p, builtPart: builtPart,
        where: spec.zh + ' ' + spec.en,
        extra: [k.zh, k.en, spec.zh, spec.en, s.zh, s.en, progL[0], progL[1], p.clause, p.via] };
      HM.indexFeature(state, entry);
      state.plan.push(entry);
      parts.forEach(function (x) { group.addLayer(x); });
    });
    return group;
  }

  function label(latlng, html, cls) {
    return L.marker(latlng, { icon: L.divIcon({ className: 'hm-label ' + cls, html: html, iconSize: null }),
      interactive: false, keyboard: false, pane: 'hm-labels' });
  }

  function makeReference(state, data) {
    var cfg = state.cfg, ref = {}, R = cfg.reference;
    if (data.counties) {
      var labels = L.layerGroup();
      var counties = L.geoJSON(data.counties, {
        pane: 'hm-ref', className: 'hm-county',
        style: function (f) { return HM.countyStyle ? HM.countyStyle(state, f.properties) : R.county; },
        onEachFeature: function (f, lyr) {
          var p = f.properties;
          lyr.bindTooltip(esc(p.name_zh) + ' ' + esc(p.name_en), { sticky: true, className: 'hm-tip', direction: 'top' });
          lyr.on('click', function () { if (state.showDensity) { state.showDensity(p.adcode); } });
          nameLayer(lyr, p.name_zh + ' ' + p.name_en + ' — county-level unit');
          if (p.label) {
            labels.addLayer(label(p.label, esc(p.name_zh) + '<span>' + esc(p.name_en) + '</span>',
              'hm-label-county' + (p.small ? ' hm-label-small' : '')));
          }
          HM.indexFeature(state, { zh: p.name_zh, en: p.name_en, id: p.adcode, layer: lyr, group: null, parts: [],
            where: '县区 county-level unit', extra: ['县区', 'county'], reference: true,
            popup: refPopup('县区 <span class="hm-en">County-level unit</span>', p,
              row('面积 <span class="hm-en">Area</span>', num(p.area_km2, 0) + ' km²')) });
        }
      });
      ref.counties = L.featureGroup([counties, labels]);
      state.countyLayer = counties;
    }
    if (data.boundary) {
      ref.boundary = L.geoJSON(data.boundary, { pane: 'hm-refline', interactive: false, className: 'hm-boundary',
        style: function () { return R.boundary; } });
    }
    if (data.orientation) {
      var olabels = L.layerGroup();
      var orient = L.geoJSON(data.orientation, {
        pane: 'hm-water', className: 'hm-water',
        style: function (f) { return R[f.properties.kind] || R.river; },
        onEachFeature: function (f, lyr) {
          var p = f.properties;
          lyr.bindPopup(refPopup('巢湖与河流 <span class="hm-en">Chaohu and rivers</span>', p), POPUP);
          nameLayer(lyr, p.name_zh + ' ' + p.name_en + ' (schematic)');
          if (p.label) {
            olabels.addLayer(label(p.label, esc(p.name_zh) + '<span>' + esc(p.name_en) + '</span>',
              'hm-label-water hm-label-' + p.kind));
          }
          HM.indexFeature(state, { zh: p.name_zh, en: p.name_en, id: p.kind + ':' + p.name_en, layer: lyr, group: null, parts: [],
            where: '巢湖与河流 orientation (schematic)', extra: [p.kind], reference: true });
        }
      });
      ref.orientation = L.featureGroup([orient, olabels]);
      state.orientationLayer = orient;
    }
    return ref;
  }

  function makeBases(state) {
    var out = [];
    state.cfg.bases.forEach(function (b) {
      var layer = b.url
        ? L.tileLayer(b.url, { attribution: b.attribution, subdomains: b.subdomains || 'abc', maxZoom: b.maxZoom || 18, detectRetina: false })
        : L.layerGroup();
      out.push({ key: b.key, zh: b.zh, en: b.en, layer: layer, online: !!b.url, 'default': !!b['default'] });
    });
    if (!out.some(function (b) { return b['default']; })) { out[0]['default'] = true; }
    return out;
  }

  HM.setBase = function (state, key) {
    state.bases.forEach(function (b) {
      if (b.key === key) { if (!state.map.hasLayer(b.layer)) { state.map.addLayer(b.layer); } state.base = key; }
      else if (state.map.hasLayer(b.layer)) { state.map.removeLayer(b.layer); }
    });
    if (state.onChange) { state.onChange(); }
  };

  // Switch an overlay (a plan layer or a reference layer) on or off by key.
  HM.setLayer = function (state, key, on) {
    var lyr = state.overlays[key];
    if (!lyr) { return; }
    if (on && !state.map.hasLayer(lyr)) { state.map.addLayer(lyr); }
    if (!on && state.map.hasLayer(lyr)) { state.map.removeLayer(lyr); }
    if (state.onChange) { state.onChange(); }
  };

  HM.layerOn = function (state, key) { return !!state.overlays[key] && state.map.hasLayer(state.overlays[key]); };

  function zoomClasses(map) {
    function update() {
      var z = map.getZoom(), c = map.getContainer();
      L.DomUtil[z < 10 ? 'addClass' : 'removeClass'](c, 'hm-z-lt10');
      L.DomUtil[z < 9 ? 'addClass' : 'removeClass'](c, 'hm-z-lt9');
    }
    map.on('zoomend', update);
    update();
  }

  // Bounds of every plan feature on this map (for the "outside the view" notice).
  HM.featureBounds = function (entry) {
    var l = entry.layer;
    if (!l) { return null; }
    if (l.getLatLng) { return L.latLngBounds([l.getLatLng(), l.getLatLng()]); }
    return l.getBounds ? l.getBounds() : null;
  };

  HM.build = function (map, cfg, data) {
    var state = { map: map, cfg: cfg, data: data, index: [], byId: {}, plan: [], groups: {}, overlays: {},
      scenario: cfg.density ? cfg.choropleth.scenario : null, selected: null, ready: false };
    L.DomUtil.addClass(map.getContainer(), 'hm-map');
    L.DomUtil.addClass(map.getContainer(), HM.narrow() ? 'hm-narrow' : 'hm-wide');
    makePanes(map);
    state.bases = makeBases(state);
    var ref = makeReference(state, data);
    var offsets = spreadOffsets(data);
    cfg.chapters.forEach(function (ch) {
      ch.layers.forEach(function (name) { state.groups[name] = makeLayer(state, name, data.layers[name], offsets); });
    });
    // after the plan's layers, so that search lists plan projects before existing lines
    if (data.network && cfg.network) { ref.network = makeNetwork(state, data.network); }
    state.ref = ref;
    Object.keys(state.groups).forEach(function (k) { state.overlays[k] = state.groups[k]; });
    if (ref.network) { state.overlays.existing_network = ref.network; }
    ['boundary', 'counties', 'orientation'].forEach(function (k) { if (ref[k]) { state.overlays[k] = ref[k]; } });
    state.defaultLayers = Object.keys(state.overlays).filter(function (k) {
      return k !== 'existing_network' || cfg.network.visible;  // context for transport; off elsewhere
    });
    // the modules (panels, search, time, density) in load order; the permalink restores the view
    HM.modules.forEach(function (mod) { mod(state); });
    if (HM.finish) { HM.finish(state); }
    zoomClasses(map);
    if (map.attributionControl) {
      map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
      map.attributionControl.addAttribution(cfg.attribution);
    }
    state.readyAt = global.performance ? global.performance.now() : null;
    state.ready = true;
    HM.maps.push(state);
    return state;
  };

  global.HefeiMap = HM;
}(window));
