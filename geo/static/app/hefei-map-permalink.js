/*
 * Hefei plan maps: permalinks (MIT licence).
 *
 * The URL's hash keeps the view, basemap, visible layers, hidden statuses and
 * progress values, the timeline's year and the selected feature
 * (`#map=zoom/lat/lon&base=..&layers=a,b&hide=status:x,progress:y&year=2025&feature=id`);
 * opening such a URL restores them. The map's modules call HM.permalink.write
 * after each change; moving the map writes it too.
 */
(function (global) {
  'use strict';

  var HM = global.HefeiMap;

  function parse(hash) {
    var out = {}, params = new URLSearchParams(String(hash || '').replace(/^#/, ''));
    var m = /^(\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(params.get('map') || '');
    if (m) { out.view = { zoom: +m[1], center: [+m[2], +m[3]] }; }
    if (params.has('layers')) { out.layers = params.get('layers') ? params.get('layers').split(',') : []; }
    if (params.get('base')) { out.base = params.get('base'); }
    if (params.get('feature')) { out.feature = params.get('feature'); }
    if (params.get('year') && /^\d{4}$/.test(params.get('year'))) { out.year = +params.get('year'); }
    if (params.get('hide')) { out.hide = params.get('hide').split(','); }
    return out;
  }

  function hashFor(state, extra) {
    var map = state.map, c = map.getCenter(), z = map.getZoom(), parts = [];
    var d = Math.max(0, Math.ceil(Math.log(Math.pow(2, z)) / Math.LN10));
    parts.push('map=' + z + '/' + c.lat.toFixed(d + 1) + '/' + c.lng.toFixed(d + 1));
    if (state.base) { parts.push('base=' + encodeURIComponent(state.base)); }
    parts.push('layers=' + Object.keys(state.overlays).filter(function (k) { return HM.layerOn(state, k); }).map(encodeURIComponent).join(','));
    var hide = [];
    Object.keys(state.statusOn || {}).forEach(function (k) { if (!state.statusOn[k]) { hide.push('status:' + k); } });
    Object.keys(state.progressOn || {}).forEach(function (k) { if (!state.progressOn[k]) { hide.push('progress:' + k); } });
    if (hide.length) { parts.push('hide=' + hide.map(encodeURIComponent).join(',')); }
    if (state.year) { parts.push('year=' + state.year); }
    var feature = extra && extra.feature !== undefined ? extra.feature : state.selectedFeature;
    if (feature) { parts.push('feature=' + encodeURIComponent(feature)); }
    return parts.join('&');
  }

  HM.permalink = {
    read: function (state) {
      var r = parse(global.location.hash);
      state.restored = r;
      return Object.keys(r).length ? r : null;
    },
    write: function (state) {
      if (!state.ready && !state.finishing) { return; }
      var hash = '#' + hashFor(state);
      if (global.location.hash !== hash && global.history && global.history.replaceState) {
        try { global.history.replaceState(null, '', hash); } catch (e) { /* e.g. sandboxed frames */ }
      }
    },
    hashFor: hashFor,
    parse: parse
  };

  HM.modules.push(function (state) {
    state.map.on('moveend', function () { HM.permalink.write(state); });
  });
}(window));
