/*
 * Hefei plan maps: the page's fixed information: legend (HTML from geo/maps/_legend.py),
 * maps & downloads, title (MIT licence).
 *
 * The legend's HTML is built and escaped by geo/maps/_legend.py; the map links
 * and downloads (cfg.nav, cfg.downloads) by geo/maps/_page.py and
 * geo/maps/_downloads.py.
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap,
    esc = HM.esc, bi = HM.bi, stopClicks = HM.stopClicks;

  function legendPanel(state) {
    HM.panel(state, {
      key: 'legend', position: 'bottomright', icon: 'legend', zh: '图例', en: 'Legend', open: true,
      build: function (body) {
        var scroll = L.DomUtil.create('div', 'hm-legend-body', body);
        scroll.tabIndex = 0;  // scrollable by keyboard
        scroll.setAttribute('role', 'group');
        scroll.setAttribute('aria-label', '图例 Legend (scrollable)');
        scroll.innerHTML = state.cfg.legend;  // built and escaped by geo/maps/_style.py
      }
    });
  }

  function linksHtml(cfg) {
    var h = '<nav aria-label="地图 Maps"><div class="hm-links-h">地图 <span class="hm-en">Maps</span></div><ul class="hm-links">';
    cfg.nav.forEach(function (n) {
      h += '<li><a href="' + esc(n.href) + '"' + (n.current ? ' aria-current="page"' : '') + '>' + bi(n.zh, n.en) + '</a></li>';
    });
    h += '</ul></nav>';
    if (cfg.downloads.length) {
      h += '<div class="hm-links-h">下载数据 <span class="hm-en">Download the data</span></div><ul class="hm-links hm-dl">';
      cfg.downloads.forEach(function (d) {
        h += '<li><a href="' + esc(d.href) + '" download>' + bi(d.zh, d.en) + ' <span class="hm-fmt">' + esc(d.format) + '</span></a></li>';
      });
      h += '</ul>';
    }
    return h;
  }

  function linksPanel(state) {
    var cfg = state.cfg;
    if (!cfg.nav.length && !cfg.downloads.length) { return; }
    HM.panel(state, {
      key: 'links', position: 'topright', icon: 'links', zh: '地图与下载', en: 'Maps & downloads', open: false, first: true,
      build: function (body) { body.innerHTML = linksHtml(cfg); }
    });
  }

  function titleBox(state) {
    var cfg = state.cfg, box = L.DomUtil.create('header', 'hm-title', state.map._controlContainer);
    var h = '<h1 class="hm-title-zh">' + esc(cfg.title.zh) + '<span class="hm-title-en">' + esc(cfg.title.en) + '</span></h1>';
    if (cfg.note) {
      h += '<div class="hm-datum hm-datum-' + esc(cfg.datum) + '"><span class="hm-datum-long">' + esc(cfg.note.zh) + '<br><span class="hm-en">' +
        esc(cfg.note.en) + '</span></span><span class="hm-datum-short">' + esc(cfg.datum === 'GCJ02' ? 'GCJ-02 高德' : cfg.datum) + '</span></div>';
    }
    if (cfg.nav.length) {
      h += '<nav class="hm-nav" aria-label="其他地图 Other maps">' + cfg.nav.map(function (n) {
        return n.current ? '<span class="hm-here" aria-current="page">' + esc(n.zh) + '</span>' : '<a href="' + esc(n.href) + '">' + esc(n.zh) + '</a>';
      }).join(' · ') + '</nav>';
    }
    if (cfg.downloads.length) {
      h += '<div class="hm-nav hm-dl-line">下载 <span class="hm-en">Download</span>: ' + cfg.downloads.filter(function (d) { return d.main; }).map(function (d) {
        return '<a href="' + esc(d.href) + '" download>' + esc(d.format) + ' <span class="hm-en">' + esc(d.short || '') + '</span></a>';
      }).join(' · ') + '</div>';
    }
    box.innerHTML = h;
    stopClicks(box);
    state.titleBox = box;
  }

  HM.legendPanel = legendPanel;
  HM.linksPanel = linksPanel;
  HM.titleBox = titleBox;
}(window));
