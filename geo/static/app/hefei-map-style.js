/*
 * Hefei plan maps: symbol and marking lookups, point pins (as geo/maps/_style.py,
 * _symbols.py) (MIT licence).
 *
 * A feature's look is looked up, never computed here: kind, status, progress and
 * precision from the style table geo/maps/_style.py emits (cfg.style), strokes,
 * markings and pins from the symbols geo/maps/_symbols.py draws from the shared
 * spec (geo.style, style.toml), the existing network's lines from cfg.reference.
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap;

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

  // The existing network's line style by mode (geo/maps/_style.py REFERENCE_STYLE)
  function networkStyle(cfg, p) {
    var R = cfg.reference;
    return L.extend({ lineCap: 'butt', lineJoin: 'round' }, R['network_' + p.mode] || R.network_road);
  }

  HM.precisionOf = precisionOf;
  HM.strokes = strokes;
  HM.mainStyle = mainStyle;
  HM.markStrokes = markStrokes;
  HM.hitSize = hitSize;
  HM.pinIcon = pinIcon;
  HM.networkStyle = networkStyle;
}(window));
