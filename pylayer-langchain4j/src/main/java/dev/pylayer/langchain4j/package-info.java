package dev.pylayer.langchain4j;
