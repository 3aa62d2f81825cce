package dev.pylayer.springai;
