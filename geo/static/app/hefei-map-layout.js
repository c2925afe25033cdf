/*
 * Hefei plan maps: layout, focus, print, and the module that puts the panels up (MIT licence).
 *
 * Popups live in a pane above every panel; the controls come before the map's
 * features in the tab order; keyboard focus is always visible, a mouse click
 * leaves no rectangle. The first module HM.build runs: restores or picks the
 * base map, layers and view, then adds the title, notices, controls and panels
 * in a fixed order. HM.finish runs once every module is in place.
 * No Python counterpart (geo/maps/_page.py only emits the page).
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap,
    stopClicks = HM.stopClicks, titleBox = HM.titleBox, noticeArea = HM.noticeArea,
    measureControl = HM.measureControl, layersPanel = HM.layersPanel, linksPanel = HM.linksPanel,
    legendPanel = HM.legendPanel, miniMap = HM.miniMap, watchTiles = HM.watchTiles,
    syncLayerInputs = HM.syncLayerInputs, offscreen = HM.offscreen;

  // ------------------------------------------------------------- layout, focus, print

  // Popups above every panel: the popup pane leaves the map pane (a stacking context
  // under the controls) for the container, and follows the map pane's offset.
  function popupsOnTop(state) {
    var map = state.map, pane = map.getPane('popupPane'), mapPane = map.getPane('mapPane');
    map.getContainer().appendChild(pane);
    L.DomUtil.addClass(pane, 'hm-popup-top');
    function sync() { L.DomUtil.setPosition(pane, L.DomUtil.getPosition(mapPane)); }
    map.on('move zoom viewreset zoomend moveend resize', sync);
    sync();
  }

  // Controls first in the tab order (before the features in the map pane).
  function controlsFirst(state) {
    var c = state.map.getContainer();
    c.insertBefore(state.map._controlContainer, c.firstChild);
  }

  function fitDefault(state) {
    var map = state.map, cfg = state.cfg, size = map.getSize(), wide = size.x > 1100 && size.y > 640;
    map.fitBounds(cfg.bounds, wide ? { paddingTopLeft: [cfg.density ? 200 : 180, 70], paddingBottomRight: [300, 10], animate: false }
      : { padding: [8, 8], animate: false });
  }
  HM.fitDefault = fitDefault;

  function printing(state) {
    var map = state.map, before = null;
    function prep() {
      before = { c: map.getCenter(), z: map.getZoom() };
      L.DomUtil.addClass(map.getContainer(), 'hm-print');
      map.invalidateSize({ animate: false });
      map.fitBounds(state.cfg.bounds, { padding: [4, 4], animate: false });
    }
    function done() {
      L.DomUtil.removeClass(map.getContainer(), 'hm-print');
      map.invalidateSize({ animate: false });
      if (before) { map.setView(before.c, before.z, { animate: false }); }
    }
    global.addEventListener('beforeprint', prep);
    global.addEventListener('afterprint', done);
    HM.preparePrint = prep;
  }

  HM.modules.push(function (state) {
    var map = state.map, cfg = state.cfg;
    state.panels = [];
    var restored = HM.permalink ? HM.permalink.read(state) : null;
    var base = (restored && restored.base) || (state.bases.filter(function (b) { return b['default']; })[0] || state.bases[0]).key;
    state.base = base;
    state.bases.forEach(function (b) { if (b.key === base) { b.layer.addTo(map); } });
    var layers = restored && restored.layers ? restored.layers : state.defaultLayers;
    Object.keys(state.overlays).forEach(function (k) { if (layers.indexOf(k) >= 0) { state.overlays[k].addTo(map); } });
    if (restored && restored.view) { map.setView(restored.view.center, restored.view.zoom, { animate: false }); }
    else { fitDefault(state); }
    controlsFirst(state);
    map.getContainer().setAttribute('role', 'main');
    map.getContainer().setAttribute('aria-label', '地图 Map: ' + cfg.title.en);
    titleBox(state);
    noticeArea(state);
    if (map.zoomControl) {
      stopClicks(map.zoomControl.getContainer());
      map.zoomControl.getContainer().querySelectorAll('a').forEach(function (a) { a.setAttribute('role', 'button'); });
    }
    if (L.control.fullscreen && !HM.narrow()) {
      L.control.fullscreen({ position: 'topleft', title: '全屏 Full screen', titleCancel: '退出全屏 Exit full screen', forceSeparateButton: true }).addTo(map);
      var fs = map.getContainer().querySelector('.leaflet-control-zoom-fullscreen');
      if (fs) { fs.setAttribute('aria-label', '全屏 Full screen'); fs.setAttribute('role', 'button'); }
    }
    measureControl(state);
    state.layersPanel = layersPanel(state);
    linksPanel(state);
    legendPanel(state);
    miniMap(state);
    L.control.scale({ imperial: false, position: 'bottomleft', maxWidth: 120 }).addTo(map);
    popupsOnTop(state);
    watchTiles(state);
    printing(state);
    state.onChange = function () {
      syncLayerInputs(state);
      if (state.applyFilters) { state.applyFilters(); }
      if (HM.permalink) { HM.permalink.write(state); }
    };
    map.on('popupopen', function (e) {
      var src = e.popup._source, entry = null;
      state.index.forEach(function (x) { if (x.layer === src) { entry = x; } });
      state.selectedFeature = entry && !entry.reference ? entry.id : null;
      if (HM.permalink) { HM.permalink.write(state); }
    });
    map.on('popupclose', function () { state.selectedFeature = null; if (HM.permalink) { HM.permalink.write(state); } });
    state.afterBuild = state.afterBuild || [];
    state.afterBuild.push(function () {
      if (!(restored && restored.view)) { offscreen(state); }
      if (restored && restored.feature && state.byId[restored.feature]) { HM.zoomTo(state, state.byId[restored.feature], true); }
    });
  });

  // The last module: things that need every panel in place.
  HM.finish = function (state) {
    state.finishing = true;
    (state.afterBuild || []).forEach(function (f) { f(); });
    if (state.onChange) { state.onChange(); }
  };
}(window));
