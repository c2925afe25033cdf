/*
 * Hefei YRD-integration plan maps: core: the HefeiMap namespace, shared helpers, panes,
 * base/overlay switching, build (MIT licence).
 *
 * Core: the HefeiMap namespace (HM) and its shared helpers (escaping, numbers,
 * bilingual labels), the map's panes, switching base maps and overlays, moving
 * the view to a feature, and HM.build, which draws one page. Python side:
 * geo/maps/_page.py emits one configuration object (cfg: the style table of
 * geo/maps/_style.py, cfg.legend, nav, downloads, density) and one data object
 * (one plain GeoJSON FeatureCollection per layer, geo/maps/_geojson.py).
 *
 * The other files add themselves to HM and are inlined after this one in the
 * order geo/maps/_assets.py lists them: symbols (hefei-map-style.js), popups
 * (hefei-map-popups.js), layers (hefei-map-layers.js), the panels
 * (hefei-map-panels.js, -layers-panel, -legend, -notices, -tools, -layout),
 * search (hefei-map-search.js), filters, timeline and permalinks
 * (hefei-map-time.js) and the density panel (hefei-map-density.js).
 * Every value taken from the data goes through esc() before it reaches
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

  // ------------------------------------------------------------- map state

  HM.indexFeature = function (state, entry) {
    state.index.push(entry);
    if (entry.id !== undefined && entry.id !== null) { state.byId[String(entry.id)] = entry; }
  };

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

  HM.zoomTo = function (state, entry, open) {
    var map = state.map, lyr = entry.layer;
    if (entry.group && !map.hasLayer(entry.group)) { map.addLayer(entry.group); }
    if (entry.hidden && state.clearFilters) { state.clearFilters(entry); }
    if (!lyr) { return; }
    if (lyr.getLatLng) { map.setView(lyr.getLatLng(), Math.max(map.getZoom(), 11), { animate: false }); }
    else if (lyr.getBounds) { map.fitBounds(lyr.getBounds(), { maxZoom: 12, padding: [30, 30], animate: false }); }
    if (open === false) { return; }
    if (entry.popup && !lyr.getPopup()) { lyr.bindPopup(entry.popup, HM.POPUP); }
    if (lyr.getPopup()) { lyr.openPopup(); }
    if (state.onChange) { state.onChange(); }
  };

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
    state.bases = HM.makeBases(state);
    var ref = HM.makeReference(state, data);
    var offsets = HM.spreadOffsets(data);
    cfg.chapters.forEach(function (ch) {
      ch.layers.forEach(function (name) { state.groups[name] = HM.makeLayer(state, name, data.layers[name], offsets); });
    });
    // after the plan's layers, so that search lists plan projects before existing lines
    if (data.network && cfg.network) { ref.network = HM.makeNetwork(state, data.network); }
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
